"""Truck-scale indicators: protocols (pure decoders/encoders), the port owner thread,
stability and capture, baud detection and a simulator. Never imports Qt."""
