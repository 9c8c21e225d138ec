// The parser lives in lib/ (the forwarder's TRACELIGHT_FORWARD_QUEUE_SIZE reads sizes too); one place for the rule.
export { parseByteSize } from '../../lib/options/parse-byte-size.js';
