"""ExactBridge: the Django project and the bridge to Exact Online and Exact Globe."""
