// Stands in for Node's network modules (net, http, https, dns, tls, http2, dgram)
// in every bundle: the product never uses the network, and the build makes sure
// of it. Libraries that import these modules for transports we do not use
// (sockets, named pipes) get this stub, and any use fails loudly.

function refuse(): never {
  throw new Error('Clinical Coding Notes does not use the network: this transport is disabled in the build.');
}

export const createServer = refuse;
export const createConnection = refuse;
export const connect = refuse;
export const request = refuse;
export const get = refuse;
export const lookup = refuse;
export const resolve = refuse;
export const createSocket = refuse;
export class Socket {
  constructor() {
    refuse();
  }
}
export class Server {
  constructor() {
    refuse();
  }
}
export class Agent {
  constructor() {
    refuse();
  }
}
