// The Content-Security-Policy nonce, from the server's response headers to the inline scripts.
import { createContext, useContext } from "react";

const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
