"""Pages of the dashboard (registered in dashboard/app.py) and the helpers they share."""
