/** The selected trials' metric per epoch, overlaid: the Compare panel's tracks and colours, one group per trial. */
import { metricKeyTitle } from '../../extension/protocol/metricNames';
import type { TrialCurve } from '../../extension/protocol/hparamsMessages';
import { alignTracks, plotValue, type ChartData } from '../chart/seriesData';

export function trialCurvesData(
  curves: readonly TrialCurve[],
  selected: readonly number[],
  /** The sweep's metric key (`val_loss`), named in the legend in words. */
  metric: string,
  yLog: boolean,
): ChartData {
  const toY = plotValue({ smoothing: 0, yScale: yLog ? 'log' : 'linear', xAxis: 'epoch' });
  const tracks = selected.flatMap((index, group) => {
    const curve = curves.find((c) => c.index === index);
    if (!curve) return [];
    return [
      {
        spec: { label: `trial ${index + 1} · ${metricKeyTitle(metric)}`, kind: 'val' as const, group },
        xs: curve.epochs,
        ys: curve.values.map((value) => (value === null ? null : toY(value))),
      },
    ];
  });
  return alignTracks(tracks);
}
