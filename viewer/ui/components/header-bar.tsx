import { useRef } from 'preact/hooks';
import type { ViewerModel } from '../models/viewer-model.js';
import { StatusIndicators } from './status-indicators.js';

/**
 * The top bar: search, model/service/error filters, import, clear, and the status indicators.
 *
 * @example
 * <HeaderBar model={model} />
 */
export function HeaderBar({ model }: { model: ViewerModel }) {
  const filter = model.traces.filter.value;
  const models = model.traces.models.value;
  const services = model.traces.services.value;
  const fileInput = useRef<HTMLInputElement>(null);

  return (
    <header class="header">
      <div class="brand" title={model.connection.serverVersion.value ? `tracelight ${model.connection.serverVersion.value}` : 'tracelight'}>
        <span class="brand-mark" aria-hidden="true" />
        Tracelight
      </div>
      <div class="toolbar">
        <input
          class="search"
          type="search"
          placeholder="Search traces: name, service, model, id…"
          aria-label="Search traces"
          data-testid="search"
          value={filter.text}
          onInput={(e) => model.traces.setFilter({ text: (e.currentTarget as HTMLInputElement).value })}
        />
        <select
          class="select"
          aria-label="Model"
          data-testid="filter-model"
          value={filter.model}
          onChange={(e) => model.traces.setFilter({ model: (e.currentTarget as HTMLSelectElement).value })}
        >
          <option value="">All models</option>
          {withCurrent(models, filter.model).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
        <select
          class="select"
          aria-label="Service"
          data-testid="filter-service"
          value={filter.service}
          onChange={(e) => model.traces.setFilter({ service: (e.currentTarget as HTMLSelectElement).value })}
        >
          <option value="">All services</option>
          {withCurrent(services, filter.service).map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label class="check">
          <input
            type="checkbox"
            data-testid="filter-errors"
            checked={filter.errorsOnly}
            onChange={(e) => model.traces.setFilter({ errorsOnly: (e.currentTarget as HTMLInputElement).checked })}
          />
          Errors only
        </label>
        <span class="spacer" />
        <button type="button" class="btn" onClick={() => fileInput.current?.click()} title="Import an OTLP JSON file">
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-file"
          onChange={async (e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) await model.importText(await file.text());
          }}
        />
        <button type="button" class="btn btn-danger" data-testid="clear" onClick={() => void model.clearAll()} title="Delete every trace on the server">
          Clear
        </button>
      </div>
      <StatusIndicators model={model} />
    </header>
  );
}

/** Keeps a selected value in the menu even after a resync dropped the last trace that had it. */
function withCurrent(values: string[], current: string): string[] {
  return current && !values.includes(current) ? [current, ...values] : values;
}
