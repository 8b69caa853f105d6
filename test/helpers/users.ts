/** Account fixtures for tests that send mail: studies send only from a confirmed owner address. */
import type { Db } from "../../app/db.server.ts";

/** Marks the user's address confirmed, as opening the verification link does. */
export async function verifyUser(db: Db, email: string): Promise<void> {
  await db.user.update({ where: { email }, data: { emailVerifiedAt: new Date(), emailVerifyHash: null } });
}
