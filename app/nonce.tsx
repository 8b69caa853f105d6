import { createContext, useContext } from "react";

/** The per-request CSP nonce for Remix's inline scripts (empty on the client). */
export const NonceContext = createContext("");
export const useNonce = () => useContext(NonceContext);
