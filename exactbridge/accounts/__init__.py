"""People and the AI coworker who sign in and act in ExactBridge."""
