"""Server-rendered SVG charts (no JavaScript, no CDN): the funnel and clicks over time."""

from django.utils.html import escape
from django.utils.translation import gettext as _

WIDTH = 640


def funnel(figures) -> str:
    steps = [
        (_("Odbiorcy"), figures.audience), (_("Wysłane"), figures.sent), (_("Doręczone"), figures.delivered),
        (_("Kliknięcia (unikalne)"), figures.unique_clicks), (_("Konwersje"), figures.conversions),
    ]  # fmt: skip
    top = max(1, steps[0][1], *(n for _l, n in steps))
    bar_h, gap, label_w = 28, 10, 170
    height = len(steps) * (bar_h + gap) + gap
    name = escape(_("Lejek kampanii"))  # outside the f-string, where makemessages sees it
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{name}" class="chart funnel">']
    for i, (label, n) in enumerate(steps):
        y = gap + i * (bar_h + gap)
        w = max(2, round((WIDTH - label_w - 70) * n / top))
        parts.append(f'<text x="0" y="{y + 19}" font-size="14">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#2f6f4f" rx="3"/>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 19}" font-size="14">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def clicks_over_time(points) -> str:
    height, left, bottom = 220, 40, 30
    if not points:
        none = escape(_("Brak kliknięć."))  # outside the f-string, where makemessages sees it
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} 60" class="chart clicks">'
                f'<text x="0" y="30" font-size="14">{none}</text></svg>')
    top = max(1, max(n for _h, n in points))
    plot_w, plot_h = WIDTH - left - 10, height - bottom - 10
    step = plot_w / max(1, len(points))
    name = escape(_("Kliknięcia w czasie"))  # likewise
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{name}" class="chart clicks">',
             f'<line x1="{left}" y1="{10 + plot_h}" x2="{WIDTH - 10}" y2="{10 + plot_h}" stroke="#555"/>',
             f'<text x="0" y="20" font-size="12">{top}</text>', f'<text x="0" y="{10 + plot_h}" font-size="12">0</text>']
    for i, (hour, n) in enumerate(points):
        h = round(plot_h * n / top)
        x = left + i * step
        parts.append(f'<rect x="{x + 1:.1f}" y="{10 + plot_h - h}" width="{max(1, step - 2):.1f}" height="{h}" '
                     f'fill="#3b6ea8"><title>{hour:%Y-%m-%d %H}:00 – {n}</title></rect>')
    labels = {0: points[0][0], len(points) - 1: points[-1][0]}
    for i, hour in labels.items():
        anchor = "start" if i == 0 else "end"
        x = left if i == 0 else WIDTH - 10
        parts.append(f'<text x="{x}" y="{height - 8}" font-size="12" text-anchor="{anchor}">{hour:%d.%m %H}:00</text>')
    parts.append("</svg>")
    return "".join(parts)
