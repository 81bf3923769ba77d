// Node has the WebAssembly global, but @types/node 20 does not declare it, and the DOM library that does
// also retypes Web Crypto and buffers for the browser. This declares the part the Node host uses, so
// programs that check these sources under Node's types alone (other workspaces' tests) compile them.
declare global {
  namespace WebAssembly {
    interface Module {}
    function compile(bytes: Uint8Array): Promise<Module>;
  }
}

export {};
