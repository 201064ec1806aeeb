// The charts: Chart.js with the matrix controller for the heat map. Each chart's container
// gets `data-state="drawn"` and `data-values` (what it shows, as JSON) once drawn, which
// the browser tests read.

import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Filler,
  type ChartConfiguration,
  type ScriptableContext,
} from "chart.js";
import { MatrixController, MatrixElement } from "chartjs-chart-matrix";

Chart.register(
  ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Filler, Legend,
  LinearScale, LineController, LineElement, PointElement, Tooltip, MatrixController, MatrixElement,
);

const PALETTE = ["#2563eb", "#16a34a", "#f59e0b", "#dc2626", "#7c3aed", "#0891b2", "#db2777", "#65a30d"];
const charts = new Map<string, Chart>();

export type Money = (minor: number) => string;

function draw(name: string, config: ChartConfiguration, values: unknown): void {
  const canvas = document.getElementById(`chart-${name}`) as HTMLCanvasElement;
  const box = canvas.parentElement as HTMLElement;
  charts.get(name)?.destroy();
  config.options = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    ...config.options,
  };
  charts.set(name, new Chart(canvas, config));
  box.dataset.values = JSON.stringify(values);
  box.dataset.state = "drawn";
}

/** Every chart destroyed and its container back to "not drawn" (on signing out: the next
 * user of the page never sees the last one's figures). */
export function clearCharts(): void {
  for (const [name, chart] of charts) {
    chart.destroy();
    const box = document.getElementById(`chart-${name}`)?.parentElement;
    if (box) {
      delete box.dataset.state;
      delete box.dataset.values;
    }
  }
  charts.clear();
}

export interface SalesPoint {
  period: string;
  orders: number;
  revenue: number;
  net_revenue: number;
  refunds: number;
}

export function salesChart(series: SalesPoint[], label: (period: string) => string, money: Money): void {
  draw(
    "sales",
    {
      type: "line",
      data: {
        labels: series.map((p) => label(p.period)),
        datasets: [
          {
            label: "Revenue",
            data: series.map((p) => p.revenue / 100),
            borderColor: PALETTE[0],
            backgroundColor: "rgba(37, 99, 235, 0.15)",
            fill: true,
            tension: 0.25,
            pointRadius: series.length > 60 ? 0 : 2,
          },
          {
            label: "Net of refunds",
            data: series.map((p) => p.net_revenue / 100),
            borderColor: PALETTE[1],
            pointRadius: 0,
            tension: 0.25,
          },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => money(Number(v) * 100) } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${money(Number(c.raw) * 100)}` } } },
      },
    },
    { periods: series.length, revenue: series.reduce((s, p) => s + p.revenue, 0), orders: series.reduce((s, p) => s + p.orders, 0) },
  );
}

export interface Slice {
  label: string;
  value: number;
}

export function barChart(name: string, rows: Slice[], money: Money | null, horizontal = true): void {
  draw(
    name,
    {
      type: "bar",
      data: {
        labels: rows.map((r) => r.label),
        datasets: [{ label: money ? "Revenue" : "Quantity", data: rows.map((r) => (money ? r.value / 100 : r.value)), backgroundColor: PALETTE[0] }],
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: money ? { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { callback: (v) => money(Number(v) * 100) } } } : {},
      },
    },
    rows,
  );
}

export function doughnutChart(name: string, rows: Slice[], money: Money): void {
  draw(
    name,
    {
      type: "doughnut",
      data: {
        labels: rows.map((r) => r.label),
        datasets: [{ data: rows.map((r) => r.value / 100), backgroundColor: rows.map((_, i) => PALETTE[i % PALETTE.length]) }],
      },
      options: {
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: (c) => `${c.label}: ${money(Number(c.raw) * 100)}` } },
        },
      },
    },
    rows,
  );
}

export interface LocationRow {
  label: string;
  revenue: number;
  orders: number;
}

export function locationsChart(rows: LocationRow[], money: Money): void {
  draw(
    "locations",
    {
      type: "bar",
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          { label: "Revenue", data: rows.map((r) => r.revenue / 100), backgroundColor: PALETTE[0], yAxisID: "y" },
          { label: "Orders", data: rows.map((r) => r.orders), backgroundColor: PALETTE[2], yAxisID: "y1" },
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, position: "left", ticks: { callback: (v) => money(Number(v) * 100) } },
          y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false } },
        },
      },
    },
    rows,
  );
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

export interface Cell {
  weekday: number; // 0 = Monday
  hour: number;
  orders: number;
}

export function heatMap(cells: Cell[]): void {
  const max = Math.max(1, ...cells.map((c) => c.orders));
  const data = cells.map((c) => ({ x: c.hour, y: WEEKDAYS[c.weekday] ?? String(c.weekday), v: c.orders }));
  draw(
    "hours",
    {
      type: "matrix",
      data: {
        datasets: [
          {
            label: "Orders",
            data,
            backgroundColor: (ctx: ScriptableContext<"matrix">) => {
              const v = (ctx.raw as { v?: number } | undefined)?.v ?? 0;
              return `rgba(37, 99, 235, ${v === 0 ? 0.05 : 0.15 + (0.85 * v) / max})`;
            },
            borderColor: "rgba(255, 255, 255, 0.8)",
            borderWidth: 1,
            width: ({ chart }) => (chart.chartArea?.width ?? 240) / 24 - 1,
            height: ({ chart }) => (chart.chartArea?.height ?? 140) / 7 - 1,
          },
        ],
      },
      options: {
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: () => "",
              label: (c) => {
                const raw = c.raw as { x: number; y: string; v: number };
                return `${raw.y} ${String(raw.x).padStart(2, "0")}:00 · ${raw.v} orders`;
              },
            },
          },
        },
        scales: {
          x: {
            type: "linear",
            min: -0.5,
            max: 23.5,
            offset: false,
            grid: { display: false },
            afterBuildTicks: (axis) => {
              axis.ticks = [0, 3, 6, 9, 12, 15, 18, 21].map((value) => ({ value }));
            },
            ticks: { callback: (v) => `${String(v).padStart(2, "0")}h` },
          },
          y: { type: "category", labels: WEEKDAYS, offset: true, grid: { display: false } },
        },
      },
    } as ChartConfiguration,
    { total: cells.reduce((s, c) => s + c.orders, 0), busiest: cells.reduce((b, c) => (c.orders > b.orders ? c : b), { weekday: 0, hour: 0, orders: 0 }) },
  );
}
