"use client";
import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** better-auth in the browser: sign in/up/out and the organization switcher. */
export const authClient = createAuthClient({ plugins: [organizationClient()] });
