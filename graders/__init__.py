"""What a verdict is and how it is reached: katas, checks, comparison, reports."""
