import { svg } from 'lit';

export interface Series {
  name: string;
  /** A CSS colour that holds 3:1 against the background in both schemes. */
  colour: string;
  values: number[];
}

/**
 * Grouped bars in plain SVG (no chart library, no third-party request). It is an image with a
 * summary for screen readers; the table beside it holds the same figures.
 */
export function barChart(labels: string[], series: Series[], summary: string) {
  const width = 640;
  const height = 200;
  const left = 36;
  const bottom = 24;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const group = (width - left) / Math.max(1, labels.length);
  const bar = Math.max(2, (group * 0.8) / series.length);
  const y = (value: number) => (height - bottom) * (1 - value / max);
  return svg`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label=${summary}>
    <line x1=${left} y1=${height - bottom} x2=${width} y2=${height - bottom} stroke="currentColor" />
    <text x="0" y="12" font-size="11" fill="currentColor">${max}</text>
    <text x="0" y=${height - bottom} font-size="11" fill="currentColor">0</text>
    ${labels.map((label, index) => {
      const x = left + index * group + group * 0.1;
      return svg`${series.map(
        (s, k) =>
          svg`<rect x=${x + k * bar} y=${y(s.values[index] ?? 0)} width=${bar - 1}
            height=${height - bottom - y(s.values[index] ?? 0)} fill=${s.colour}></rect>`,
      )}
        ${
          labels.length <= 16
            ? svg`<text x=${x} y=${height - 8} font-size="10" fill="currentColor">${label}</text>`
            : null
        }`;
    })}
  </svg>`;
}
