/** Times as people read them in listings and markers: local `YYYY-MM-DD HH:MM:SS`. */

const pad = (n: number) => String(n).padStart(2, '0');

export function localTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
