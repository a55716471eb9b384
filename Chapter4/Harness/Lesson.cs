namespace Chapter4.Harness;

/// <summary>A section of the course text (chapter 4 of the course's notes) that a lesson mirrors.</summary>
/// <param name="Number">Position in the course, e.g. "2.2.1"; lessons are listed in this order.</param>
/// <param name="Chinese">The heading exactly as the course writes it.</param>
/// <param name="English">An English title for the same heading.</param>
/// <param name="Note">For a heading with no snippet of its own: what it says, in short (null when lessons cover it).</param>
public sealed record CourseSection(string Number, string Chinese, string English, string? Note = null)
{
    /// <summary>Orders "2.10" after "2.9", as a reader of the course expects.</summary>
    public static int Compare(CourseSection a, CourseSection b)
    {
        int[] x = a.Number.Split('.').Select(int.Parse).ToArray();
        int[] y = b.Number.Split('.').Select(int.Parse).ToArray();
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        return x.Length.CompareTo(y.Length);
    }

    public override string ToString() => $"{Number} {Chinese} ({English})";
}

/// <summary>
/// One runnable course snippet. Subclasses are discovered by reflection; their knobs are public
/// properties marked <see cref="KnobAttribute"/>, initialised to the course's values.
/// </summary>
public abstract class Lesson
{
    /// <summary>Kebab-case id used on the command line, e.g. "loss-ce".</summary>
    public abstract string Id { get; }

    public abstract CourseSection Section { get; }

    /// <summary>One line: what the lesson shows.</summary>
    public abstract string Description { get; }

    /// <summary>The seed when --seed is not given: 0, unless that seed would show something misleading.</summary>
    public virtual long DefaultSeed => 0;

    /// <summary>Orders lessons that mirror the same section.</summary>
    public virtual int OrderInSection => 0;

    /// <summary>File names (without folder) of the PNGs this lesson renders.</summary>
    public virtual IReadOnlyList<string> Plots => [];

    /// <summary>Checks the knobs together; throws <see cref="LessonInputException"/>.</summary>
    public virtual void Validate() { }

    /// <summary>Prints what the Python snippet prints and records the results.</summary>
    public abstract void Run(LessonContext ctx);
}

/// <summary>Marks a lesson property as a command-line knob: <c>--name value</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KnobAttribute(string name, string help) : Attribute
{
    public string Name { get; } = name;
    public string Help { get; } = help;

    /// <summary>Smallest allowed value (inclusive), NaN for none.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>Values must be greater than this (exclusive), NaN for none.</summary>
    public double Above { get; set; } = double.NaN;

    /// <summary>Largest allowed value (inclusive), NaN for none.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>Values must be less than this (exclusive), NaN for none.</summary>
    public double Below { get; set; } = double.NaN;

    /// <summary>For a list knob: at most this many values (every list is capped at <see cref="Knobs.MaxListValues"/>).</summary>
    public int MaxCount { get; set; } = Knobs.MaxListValues;

    /// <summary>For a list of names: the allowed names, comma-separated (null: any).</summary>
    public string? Choices { get; set; }
}

/// <summary>A bad knob value or lesson input: reported as one line, exit code 2.</summary>
public sealed class LessonInputException(string message) : ArgumentException(message);

/// <summary>An expected failure at run time (e.g. a plot that cannot be written): one line, exit code 1.</summary>
public sealed class LessonRunException(string message, Exception? inner = null) : Exception(message, inner);
