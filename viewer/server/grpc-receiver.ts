import * as grpc from '@grpc/grpc-js';
import type { AcceptOtlp, OtlpSignal } from '../../lib/receive/otlp-accept.js';
import { otlpGrpcAnswer } from '../../lib/receive/otlp-grpc-answer.js';
import { OTLP_OUTCOMES } from '../../lib/receive/otlp-outcomes.js';
import { receiveOtlp } from '../../lib/receive/receive-otlp.js';
import { isAllowedHost } from './request-guard.js';

/** Options of `startGrpcReceiver`. */
export interface GrpcReceiverOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest message accepted, after decompression (grpc-js' max receive message length). */
  maxBodyBytes: number;
  /** Names accepted in `:authority` besides loopback names (as for the HTTP Host header). */
  allowedHosts: readonly string[];
  accept: AcceptOtlp;
  /** Called when a handler fails unexpectedly (the sender gets INTERNAL). */
  onError?: (error: Error) => void;
}

/** A running OTLP/gRPC receiver. */
export interface GrpcReceiver {
  /** `http://127.0.0.1:4317`, the form OTel gRPC exporters take as their endpoint. */
  url: string;
  port: number;
  /** Stops taking calls, lets running ones finish for at most `timeoutMs`, then cuts them. */
  close(timeoutMs?: number): Promise<void>;
}

// The OTLP collector services (opentelemetry-proto collector/*/v1/*_service.proto): one unary Export each.
const SERVICES: Record<OtlpSignal, string> = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
};

// Bodies stay bytes: the receive core decodes them, so gRPC and HTTP read exactly the same way.
function rawService(name: string): grpc.ServiceDefinition {
  return {
    Export: {
      path: `/${name}/Export`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (bytes: Uint8Array) => Buffer.from(bytes),
      requestDeserialize: (bytes: Buffer) => bytes,
      responseSerialize: (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      responseDeserialize: (bytes: Buffer) => bytes,
    },
  };
}

function hostForAddress(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts an OTLP/gRPC receiver (traces, logs; metrics accepted and dropped) on top of the shared receive core, with
 * `@grpc/grpc-js` (pure JavaScript). gzip is handled by grpc-js, capped after decompression; a foreign `:authority`
 * is refused like a foreign HTTP Host (PERMISSION_DENIED). Rejects when the port is taken.
 * @example
 * const grpcReceiver = await startGrpcReceiver({ host: '127.0.0.1', port: 4317, maxBodyBytes, allowedHosts: [], accept });
 * // OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317
 */
export async function startGrpcReceiver(options: GrpcReceiverOptions): Promise<GrpcReceiver> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': options.maxBodyBytes,
    // Idle senders are not held forever (the HTTP server's keep-alive timeout is 65 s).
    'grpc.max_connection_idle_ms': 5 * 60_000,
  });

  const handler = (signal: OtlpSignal): grpc.handleUnaryCall<Buffer, Uint8Array> => (call, callback) => {
    if (!isAllowedHost(call.getHost(), options.allowedHosts)) {
      callback({
        code: OTLP_OUTCOMES.forbidden.rpc,
        details: 'unexpected :authority (start tracelight with --allow-host NAME to allow it)',
      });
      return;
    }
    receiveOtlp({ signal, contentType: 'application/x-protobuf', body: call.request }, { maxBodyBytes: options.maxBodyBytes, accept: options.accept })
      .then((receipt) => {
        const answer = otlpGrpcAnswer(receipt);
        if (answer.code === grpc.status.OK) {
          callback(null, answer.response);
          return;
        }
        const metadata = new grpc.Metadata();
        if (answer.statusDetails) metadata.set('grpc-status-details-bin', Buffer.from(answer.statusDetails));
        callback({ code: answer.code, details: answer.details, metadata });
      })
      .catch((error: Error) => {
        options.onError?.(error);
        callback({ code: grpc.status.INTERNAL, details: 'internal error' });
      });
  };
  for (const signal of Object.keys(SERVICES) as OtlpSignal[]) {
    server.addService(rawService(SERVICES[signal]), { Export: handler(signal) });
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${hostForAddress(options.host)}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) {
        // grpc-js says "No address added out of total 1 resolved" with the cause in the message: keep Node's code.
        const e = error as NodeJS.ErrnoException;
        if (!e.code) e.code = /EADDRINUSE|address already in use/i.test(error.message) ? 'EADDRINUSE' : /EACCES/.test(error.message) ? 'EACCES' : undefined;
        reject(e);
      } else resolve(bound);
    });
  });
  const urlHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : hostForAddress(options.host);

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close(timeoutMs = 2000) {
      closing ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, timeoutMs);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return closing;
    },
  };
}
