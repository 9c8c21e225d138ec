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
          id="search"
          class="search"
          type="search"
          placeholder="Search traces (press /)"
          aria-label="Search traces"
          data-testid="search"
          value={filter.text}
          onInput={(e) => model.traces.setFilter({ text: (e.currentTarget as HTMLInputElement).value })}
        />
        <FilterSelect
          label="Model"
          all="All models"
          testId="filter-model"
          values={models}
          value={filter.model}
          onPick={(v) => model.traces.setFilter({ model: v })}
        />
        <FilterSelect
          label="Service"
          all="All services"
          testId="filter-service"
          values={services}
          value={filter.service}
          onPick={(v) => model.traces.setFilter({ service: v })}
        />
        <label class="check" title="Only traces with at least one failed span">
          <input
            type="checkbox"
            data-testid="filter-errors"
            checked={filter.errorsOnly}
            onChange={(e) => model.traces.setFilter({ errorsOnly: (e.currentTarget as HTMLInputElement).checked })}
          />
          Errors only
        </label>
      </div>
      <div class="header-actions">
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
        <button type="button" class="btn btn-icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" data-testid="shortcuts-button" onClick={() => model.setShortcutsOpen(true)}>
          ?
        </button>
      </div>
      <StatusIndicators model={model} />
    </header>
  );
}

/** Keeps a selected value in the menu even after a resync dropped the last trace that had it. */
interface FilterSelectProps {
  label: string;
  /** The first option's text; picking it clears the filter. */
  all: string;
  testId: string;
  values: string[];
  value: string;
  onPick(value: string): void;
}

function FilterSelect({ label, all, testId, values, value, onPick }: FilterSelectProps) {
  return (
    <select class="select" aria-label={label} title={value || all} data-testid={testId} value={value} onChange={(e) => onPick((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{all}</option>
      {withCurrent(values, value).map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}

function withCurrent(values: string[], current: string): string[] {
  return current && !values.includes(current) ? [current, ...values] : values;
}
