/**
 * Messages between the extension host and the Data view webview. The webview's tsconfig sees
 * only this protocol folder, never `vscode` or host code.
 */
import { dataReportSchema } from './dataReport';
import { readyMessageSchema, v } from './envelope';
import { literal, nullable, object, oneOf, optional, parser, string, taggedUnion, type Infer } from './schema';

export const dataViewStateSchema = object({
  /** The model file whose loadData() was described. */
  modelFile: string(4096),
  /** Where the report comes from: "loadData() just now", "live run", "run 20261130-…". */
  origin: string(256),
  status: oneOf('loading', 'ready', 'failed'),
  report: nullable(dataReportSchema),
  /** Why describing failed (status `failed`), or why a recorded run has no report. */
  error: optional(string(4096)),
});
export type DataViewState = Infer<typeof dataViewStateSchema>;

export const hostToDataViewSchema = taggedUnion({
  /** The whole state (null before anything was asked for). */
  snapshot: object({ v, type: literal('snapshot'), state: nullable(dataViewStateSchema) }),
});
export type HostToDataView = Infer<typeof hostToDataViewSchema>;

export const dataViewToHostSchema = taggedUnion({
  ready: readyMessageSchema,
  /** Describe the model file's data again (it may have changed). */
  refresh: object({ v, type: literal('refresh'), modelFile: string(4096) }),
  /** Open the model file at its loadData() declaration. */
  revealLoadData: object({ v, type: literal('revealLoadData'), modelFile: string(4096) }),
});
export type DataViewToHost = Infer<typeof dataViewToHostSchema>;

export const parseDataViewMessage = parser(dataViewToHostSchema);

export const parseHostToDataViewMessage = parser(hostToDataViewSchema);
