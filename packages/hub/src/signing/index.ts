export { generateKeyPair, keyIdOf, publicKeyProblem, type HubKeyPair } from "./keys.js";
export { signPackage, type SignatureBundle, type SignPackageInput } from "./sign-package.js";
export { verifyPackage, verifyBundleForDigest, type TrustedKey, type VerifyResult, type VerifyFailureReason, type VerifyPackageInput, type VerifyDigestInput } from "./verify-package.js";
export { STATEMENT_TYPE, PREDICATE_TYPE, PAYLOAD_TYPE, type PackageStatement } from "./statement.js";
