import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { logout } from "../auth/session.server.ts";

export const action = ({ request }: ActionFunctionArgs) => logout(request);

// Logging out changes state, so it is POST only; a GET just goes home.
export const loader = () => redirect("/");
