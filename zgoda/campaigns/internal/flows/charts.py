"""Server-rendered charts (no JavaScript, no CDN), drawn with HTML and CSS so that their words
and figures are the page's own text at any width (an SVG scaled down to a phone shrank them to
7 px): the funnel, a labelled bar per step, and clicks over time, a column per hour."""

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _


def funnel(figures) -> str:
    steps = [
        (_("Odbiorcy"), figures.audience), (_("Wysłane"), figures.sent), (_("Doręczone"), figures.delivered),
        (_("Kliknięcia (unikalne)"), figures.unique_clicks), (_("Konwersje"), figures.conversions),
    ]  # fmt: skip
    top = max(1, *(n for _label, n in steps))
    rows = format_html_join(
        "", '<li><span class="label">{}</span><span class="track"><span class="bar" style="width:{}%"></span></span>'
        '<span class="n">{}</span></li>',
        ((label, _percent(n, top), n) for label, n in steps))
    return format_html('<ol class="chart funnel" aria-label="{}">{}</ol>', _("Lejek kampanii"), rows)


def clicks_over_time(points) -> str:
    """`points`: (hour, clicks) in order. A column is at most 2 rem wide (campaigns/composer.css), so
    clicks that all fall in one hour are one column, not a block across the chart."""
    if not points:
        return format_html('<p class="chart clicks">{}</p>', _("Brak kliknięć."))
    top = max(1, max(n for _hour, n in points))
    columns = format_html_join(
        "", '<span class="col" style="height:{}%" title="{}:00 – {}"></span>',
        ((_percent(n, top), f"{hour:%Y-%m-%d %H}", n) for hour, n in points))
    ends = points[:1] if len(points) == 1 else [points[0], points[-1]]  # the axis: first and last hour
    axis = format_html_join("", "<span>{} {}:00</span>", (
        (date_format(hour, "MONTH_DAY_FORMAT"), f"{hour:%H}") for hour, _n in ends))  # "1 grudnia", "December 1"
    return format_html(
        '<figure class="chart clicks" aria-label="{}"><div class="plot"><span class="top">{}</span>'
        '<div class="cols">{}</div></div><div class="axis">{}</div></figure>',
        _("Kliknięcia w czasie"), top, columns, axis)


def _percent(n: int, top: int) -> str:
    """n's share of top for a CSS length; a step with something in it shows at least a sliver."""
    return "0" if n == 0 else f"{max(1.0, 100 * n / top):.1f}"
