// A raw OTLP/gRPC client for tests: sends any bytes to a collector service's Export and reads every part of the
// answer (status code, details, response bytes, the google.rpc.Status trailer).
import * as grpc from '@grpc/grpc-js';
import { decodeOtlpMessage, getOtlpMessageTypes } from '../../lib/forward/otlp-message-types.js';

const SERVICES = {
  traces: 'opentelemetry.proto.collector.trace.v1.TraceService',
  logs: 'opentelemetry.proto.collector.logs.v1.LogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.MetricsService',
} as const;

export interface GrpcAnswer {
  code: number;
  details: string;
  response: Uint8Array | null;
  /** Seconds of the RetryInfo in grpc-status-details-bin, if any. */
  retryDelaySeconds: number | null;
}

export interface GrpcExportOptions {
  compression?: 'identity' | 'gzip' | 'deflate';
  /** The :authority to send (default: the address). */
  authority?: string;
}

/** Calls `<service>/Export` once on `address` (`127.0.0.1:port`) with `bytes`. */
export async function grpcExport(
  address: string,
  signal: keyof typeof SERVICES,
  bytes: Uint8Array,
  options: GrpcExportOptions = {},
): Promise<GrpcAnswer> {
  const Client = grpc.makeGenericClientConstructor(
    {
      Export: {
        path: `/${SERVICES[signal]}/Export`,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Uint8Array) => Buffer.from(b),
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Uint8Array) => Buffer.from(b),
        responseDeserialize: (b: Buffer) => b,
      },
    },
    SERVICES[signal],
  );
  const channelOptions: grpc.ChannelOptions = {
    'grpc.default_compression_algorithm': { identity: 0, deflate: 1, gzip: 2 }[options.compression ?? 'identity'],
  };
  if (options.authority) channelOptions['grpc.default_authority'] = options.authority;
  const client = new Client(address, grpc.credentials.createInsecure(), channelOptions);
  try {
    return await new Promise<GrpcAnswer>((resolve) => {
      (client as unknown as { Export: Function }).Export(bytes, new grpc.Metadata(), { deadline: Date.now() + 20_000 }, (error: grpc.ServiceError | null, response: Buffer | null) => {
        if (!error) return resolve({ code: 0, details: 'OK', response, retryDelaySeconds: null });
        let retryDelaySeconds: number | null = null;
        const [details] = error.metadata?.get('grpc-status-details-bin') ?? [];
        if (details) {
          const types = getOtlpMessageTypes();
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const status: any = decodeOtlpMessage(types.rpcStatus, details as Buffer);
          for (const d of status.details) {
            if (d.typeUrl !== 'type.googleapis.com/google.rpc.RetryInfo') continue;
            // eslint-disable-next-line @typescript-eslint/no-explicit-any
            const info: any = decodeOtlpMessage(types.retryInfo, d.value);
            retryDelaySeconds = Number(info.retryDelay.seconds);
          }
        }
        resolve({ code: error.code, details: error.details, response: null, retryDelaySeconds });
      });
    });
  } finally {
    client.close();
  }
}
