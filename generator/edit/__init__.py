"""The edit stage: the only writer into `people/`, keeping every byte it does not mean to change."""
