"""The department heads' view of where the plan stands."""
