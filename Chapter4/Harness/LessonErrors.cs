namespace Chapter4.Harness;

/// <summary>A bad knob value or lesson input: reported as one line, exit code 2.</summary>
public sealed class LessonInputException(string message) : ArgumentException(message);

/// <summary>An expected failure at run time (e.g. a plot that cannot be written): one line, exit code 1.</summary>
public sealed class LessonRunException(string message, Exception? inner = null) : Exception(message, inner);
