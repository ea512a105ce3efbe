/** The model file's text with the best trial's values written into its `config`: pure, so it is unit-tested. */
import type { ParamValue, TrialParams } from '../../protocol/sweep';
import { applyConfigEdit, configFieldEdit } from '../inspection/configEdit';

/** A value as it reads in source: numbers to 4 significant digits, strings quoted. */
export function formatSourceValue(value: ParamValue): string {
  if (typeof value === 'number') return String(Number(value.toPrecision(4)));
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(value);
}

/** Undefined when the file exports no `config` object to write into. */
export function withBestValues(text: string, params: TrialParams): string | undefined {
  let result = text;
  // Written in reverse so that, inserted one after another right after `{`, they read in the sweep's order.
  for (const [name, value] of Object.entries(params).reverse()) {
    const edit = configFieldEdit(result, name, formatSourceValue(value));
    if (edit.kind === 'noConfig') return undefined;
    result = applyConfigEdit(result, edit);
  }
  return result;
}
