import { createServer } from "node:net";

/** Whether something already listens on host:port (checked by trying to bind it). */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") resolve(true);
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(false)));
  });
}
