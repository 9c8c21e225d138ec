// The OTLP/JSON -> protobuf conversion the viewer runs inline or on its JSON worker: the receive core's, so every front
// door (the relay too) converts the same way.
export { otlpJsonToProtobuf, type ConvertedJson as JsonConversion } from '../../lib/receive/otlp-json-to-protobuf.js';
