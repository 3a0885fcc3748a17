//! storyweave-pipeline (being written).
