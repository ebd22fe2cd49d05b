import { useEffect, useRef } from 'react';
import { SankeyChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { yuan } from './format';
import type { SankeyModel } from './sankey';

use([SankeyChart, TooltipComponent, SVGRenderer]);

/**
 * The bands of `model` drawn as a Sankey diagram (widths in fen). Clicking a band calls `onBand` with its index in
 * `model.bands`. Drawn as SVG; the bands are also listed in a table beside it for reading and for screen readers.
 */
export function Sankey({
  model,
  label,
  onBand,
  height = 520,
}: {
  model: SankeyModel;
  label: string;
  onBand?: (index: number) => void;
  height?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const onBandRef = useRef(onBand);
  onBandRef.current = onBand;

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (params.dataType === 'edge') onBandRef.current?.(params.dataIndex);
    });
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        tooltip: {
          trigger: 'item',
          formatter: (params: {
            dataType?: string;
            data: { fen?: string; source?: string; target?: string };
            name: string;
          }) =>
            params.dataType === 'edge'
              ? `${nameOf(model, params.data.source)} → ${nameOf(model, params.data.target)}<br/>${yuan(params.data.fen ?? '0')}`
              : params.name,
        },
        series: [
          {
            type: 'sankey',
            left: 8,
            right: 220,
            nodeAlign: 'left',
            layoutIterations: 32,
            emphasis: { focus: 'adjacency' },
            lineStyle: { color: 'gradient', curveness: 0.5, opacity: 0.45 },
            label: { formatter: (p: { data: { label: string } }) => p.data.label },
            data: model.nodes.map((n) => ({ name: n.id, label: n.name, depth: n.column })),
            links: model.bands.map((b) => ({
              source: b.source,
              target: b.target,
              value: Number(b.valueFen),
              fen: b.valueFen.toString(),
            })),
          },
        ],
      },
      true,
    );
  }, [model]);

  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

const nameOf = (model: SankeyModel, id?: string) => model.nodes.find((n) => n.id === id)?.name ?? '';
