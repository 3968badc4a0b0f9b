import type { Prisma, Role } from "@/server/db/generated/client";
import { DEMO_PERSONAS } from "./personas";
import { days, stream } from "./random";

export const DEPARTMENTS = ["Engineering", "Platform", "Data", "Security", "Finance", "Support", "Sales", "People"] as const;
export type Department = (typeof DEPARTMENTS)[number];

export interface PersonSeed {
  id: string;
  email: string;
  name: string;
  department: Department;
  title: string;
  managerEmail: string | null;
  roles: Role[];
  active: boolean;
}

const R: Role[] = ["REQUESTER"];
const AR: Role[] = ["APPROVER", "REQUESTER"];

// [name, department, title, manager's name (null for a department head), roles, active]
type Row = [string, Department, string, string | null, Role[], boolean?];

const ROWS: Row[] = [
  ["Priya Raman", "Engineering", "VP Engineering", null, AR],
  ["Avery Approver", "Engineering", "Engineering Manager", "Priya Raman", AR],
  ["Riley Requester", "Engineering", "Software Engineer", "Avery Approver", R],
  ["Marcus Oyelaran", "Engineering", "Senior Software Engineer", "Avery Approver", R],
  ["Hannah Kowalski", "Engineering", "Software Engineer", "Avery Approver", R],
  ["Diego Fernandez", "Engineering", "Staff Engineer", "Avery Approver", R],
  ["Sofia Lindqvist", "Engineering", "Engineering Manager", "Priya Raman", AR],
  ["Kenji Watanabe", "Engineering", "Software Engineer", "Sofia Lindqvist", R],
  ["Amara Nwosu", "Engineering", "Senior Software Engineer", "Sofia Lindqvist", R],
  ["Tom Becker", "Engineering", "QA Engineer", "Sofia Lindqvist", R, false],
  ["Lena Fischer", "Engineering", "Frontend Engineer", "Sofia Lindqvist", R],
  ["Omar Haddad", "Platform", "Head of Platform", "Priya Raman", AR],
  ["Grace Liu", "Platform", "Site Reliability Engineer", "Omar Haddad", AR],
  ["Nikolai Petrov", "Platform", "Platform Engineer", "Omar Haddad", R],
  ["Chloe Martin", "Platform", "DevOps Engineer", "Omar Haddad", R],
  ["Samuel Adeyemi", "Platform", "Site Reliability Engineer", "Omar Haddad", R, false],
  ["Isabel Moreno", "Data", "Head of Data", "Priya Raman", AR],
  ["Ethan Brooks", "Data", "Data Engineer", "Isabel Moreno", R],
  ["Mei Tanaka", "Data", "Data Scientist", "Isabel Moreno", R],
  ["Lucas Silva", "Data", "Analytics Engineer", "Isabel Moreno", R],
  ["Zoe Campbell", "Data", "Machine Learning Engineer", "Isabel Moreno", R],
  ["Victor Almeida", "Security", "Chief Information Security Officer", null, AR],
  ["Adam Admin", "Security", "Identity & Access Administrator", "Victor Almeida", ["ADMIN", "APPROVER", "REQUESTER"]],
  ["Nadia Rahman", "Security", "Security Engineer", "Victor Almeida", AR],
  ["Felix Wagner", "Security", "Security Analyst", "Victor Almeida", AR],
  ["Helen Carter", "Finance", "Chief Financial Officer", null, AR],
  ["Audrey Auditor", "Finance", "Internal Audit Lead", "Helen Carter", ["AUDITOR"]],
  ["Raj Patel", "Finance", "Payments Operations Lead", "Helen Carter", AR],
  ["Emily Zhang", "Finance", "Financial Analyst", "Raj Patel", R],
  ["Oliver Grant", "Finance", "Senior Accountant", "Helen Carter", R],
  ["Carmen Ruiz", "Support", "Head of Customer Support", null, AR],
  ["Jamal Wright", "Support", "Support Engineer", "Carmen Ruiz", R],
  ["Ingrid Olsen", "Support", "Support Engineer", "Carmen Ruiz", R],
  ["Pablo Ortega", "Support", "Support Specialist", "Carmen Ruiz", R],
  ["Rachel Kim", "Sales", "VP Sales", null, AR],
  ["Daniel Osei", "Sales", "Account Executive", "Rachel Kim", R],
  ["Laura Bianchi", "Sales", "Sales Engineer", "Rachel Kim", R],
  ["Ben Thompson", "Sales", "Sales Operations Analyst", "Rachel Kim", R, false],
  ["Fatima Hassan", "People", "Head of People", null, AR],
  ["Chris Novak", "People", "HR Business Partner", "Fatima Hassan", R],
  ["Julia Meyer", "People", "People Operations Specialist", "Fatima Hassan", R],
];

export function emailOf(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z ]/g, "").split(" ").join(".")}@acme.example`;
}

/** The people of the demo organisation, managers before their reports. */
export function buildPeople(): PersonSeed[] {
  const rng = stream("people");
  const people = ROWS.map(([name, department, title, manager, roles, active]) => ({
    id: rng.uuid(),
    email: emailOf(name),
    name,
    department,
    title,
    managerEmail: manager ? emailOf(manager) : null,
    roles,
    active: active ?? true,
  }));
  for (const persona of DEMO_PERSONAS) {
    const person = people.find((p) => p.email === persona.email);
    if (!person || person.name !== persona.name || person.roles.join() !== persona.roles.join()) {
      throw new Error(`seed people and DEMO_PERSONAS disagree about ${persona.email}`);
    }
  }
  return people;
}

export function userRows(people: PersonSeed[], now: Date): Prisma.UserCreateManyInput[] {
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const rng = stream("people-dates");
  return people.map((p) => {
    const createdAt = new Date(now.getTime() - days(rng.int(120, 900)));
    return {
      id: p.id,
      email: p.email,
      name: p.name,
      roles: p.roles,
      department: p.department,
      title: p.title,
      managerId: p.managerEmail ? byEmail.get(p.managerEmail)!.id : null,
      active: p.active,
      createdAt,
      updatedAt: p.active ? createdAt : new Date(now.getTime() - days(rng.int(20, 60))),
    };
  });
}
