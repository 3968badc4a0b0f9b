"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { inputClass } from "../new/field";

export interface QuestionView {
  stageName: string;
  question: string;
  askedAt: string | null;
  askedBy: string;
  onBehalfOf: string | null;
  canAnswer: boolean;
}

const AT = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * The approver's open question, above everything else on the ticket: the requester answers it
 * here and the stage decides again; everyone else reads it.
 */
export function InfoQuestion({ number, question }: { number: string; question: QuestionView }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [answer, setAnswer] = useState("");
  const [missing, setMissing] = useState(false);
  const send = useMutation(trpc.requests.answerInfo.mutationOptions({ onSuccess: () => router.refresh() }));
  const serverError = (send.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors?.answer;
  const error = missing ? "Write your answer to the approver's question." : (serverError ?? null);
  const who = question.onBehalfOf ? `${question.askedBy} (on behalf of ${question.onBehalfOf})` : question.askedBy;
  return (
    <section aria-labelledby="info-question-title" className="rounded-card border border-amber-300 bg-amber-50 p-5 shadow-card">
      <div className="flex items-start gap-3">
        <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-amber-100 text-base font-bold text-amber-800 ring-1 ring-amber-300">
          ?
        </span>
        <div className="min-w-0 flex-1">
          <h2 id="info-question-title" className="text-sm font-semibold text-amber-950">
            The approver asked: <span className="font-normal">{who}</span>
          </h2>
          <p className="mt-0.5 text-xs text-amber-900">
            {question.stageName} stage{question.askedAt ? ` · ${AT.format(new Date(question.askedAt))} UTC` : ""} · the stage waits for an answer
          </p>
          <blockquote className="mt-3 whitespace-pre-wrap border-l-4 border-amber-400 bg-white/60 px-4 py-3 text-sm text-ink">{question.question}</blockquote>
          {question.canAnswer ? (
            <form
              noValidate
              className="mt-4 flex flex-col gap-2"
              onSubmit={(event) => {
                event.preventDefault();
                if (!answer.trim()) {
                  setMissing(true);
                  return;
                }
                setMissing(false);
                send.mutate({ number, answer: answer.trim() });
              }}
            >
              <label htmlFor="info-answer" className="text-sm font-medium text-ink">
                Your answer
              </label>
              <textarea
                id="info-answer"
                rows={3}
                required
                value={answer}
                onChange={(e) => setAnswer(e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? "info-answer-error" : undefined}
                className={inputClass}
              />
              {error ? (
                <p id="info-answer-error" role="alert" className="text-xs font-medium text-red-700">
                  {error}
                </p>
              ) : send.error ? (
                <p role="alert" className="text-xs font-medium text-red-700">
                  {send.error.message}
                </p>
              ) : null}
              <div className="flex items-center justify-end gap-3">
                <p className="text-xs text-amber-900">Your answer is added to the comments and the ticket goes back to the approver.</p>
                <button type="submit" disabled={send.isPending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700 disabled:opacity-60">
                  {send.isPending ? "Sending…" : "Send answer"}
                </button>
              </div>
            </form>
          ) : (
            <p className="mt-3 text-xs text-amber-900">Waiting for the requester to answer.</p>
          )}
        </div>
      </div>
    </section>
  );
}
