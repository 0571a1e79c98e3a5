"""bulletin: assemble the work bulletins (工作简报 / 工作专报) of a Chinese government office."""

__version__ = "0.1.0"
