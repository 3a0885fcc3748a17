//! storyweave-reconcile (being written).
