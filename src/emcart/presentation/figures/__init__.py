"""Figures: one module per figure type, each giving an interactive plotly figure and its static twin."""
