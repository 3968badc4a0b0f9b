/** Version 1 of the policy is the portal's default document; the seed publishes it. */
export { POLICY_V1_DOCUMENT, SECURITY_REVIEWER_EMAILS } from "@/server/domain/policy/default-document";
