import type { Role } from "./roles";

/** What a session carries: the user's id plus fresh copies of name, email and roles. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface PortalSession {
  user: SessionUser;
  expires?: string;
}

declare module "next-auth" {
  interface Session {
    user: SessionUser;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The portal's User.id; `sub` stays whatever the identity provider said. */
    userId?: string;
  }
}
