//! storyweave-cluster (being written).
