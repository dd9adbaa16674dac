"""The charts of the pages, one module per chart. No queries: DataFrames from the selectors in, charts out.

Each module has a pure `*_figure` function (a DataFrame in, a plotly figure
as a dict out, or None when there is too little data to draw: the template
then shows an empty state) and a `*_chart` function that pairs the figure
with its table alternative, the same numbers as a `Table`, which the
template shows in a collapsible section. A chart that shows the SRS cutoff
takes the thresholds in force (`review.selectors.thresholds_in_force`).

Figures reach the page through `json_script` and are drawn by
static/js/charts.js with plotly.js's strict bundle, served from our own
static files. The caseload's sparkline is drawn on the server as SVG.
"""

from .checklist_adherence import adherence_chart
from .clinic_alliance import clinic_chart
from .patient_timeline import timeline_chart
from .tables import Chart, Table
from .therapist_alliance import alliance_chart

__all__ = ["Chart", "Table", "adherence_chart", "alliance_chart", "clinic_chart", "timeline_chart"]
