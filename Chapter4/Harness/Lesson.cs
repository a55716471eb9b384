using Chapter4.Course;
using Chapter4.Language;
namespace Chapter4.Harness;

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

    /// <summary>
    /// The course view of this lesson, when the course has a code block for it: snippets/NAME.cs (a plain C# file you
    /// can run alone with <c>dotnet run</c>) and snippets/NAME.py (the same script for PyTorch), printing the same bytes.
    /// </summary>
    public virtual string? Snippet => null;

    /// <summary>The seed when --seed is not given: 0, unless that seed would show something misleading.</summary>
    public virtual long DefaultSeed => 0;

    /// <summary>Orders lessons that mirror the same section.</summary>
    public virtual int OrderInSection => 0;

    /// <summary>The PNGs this lesson renders, each with the caption the README and the book show under it.</summary>
    public virtual IReadOnlyList<LessonPlot> Plots => [];

    /// <summary>Checks the knobs together; throws <see cref="LessonInputException"/>.</summary>
    public virtual void Validate() { }

    /// <summary>Prints what the Python snippet prints and records the results.</summary>
    public abstract void Run(LessonContext ctx);

    /// <summary>The lesson's words (plot titles, legends, captions) from its .resx in the learner's language; take-aways go through <see cref="LessonContext.Say"/>.</summary>
    protected string T(string key, params object?[] args) => Texts.Format(GetType(), key, args);

    /// <summary>
    /// A prose list of items inside one of the lesson's sentences, joined in the learner's language (Lesson.resx):
    /// ", " in English; "、" in Chinese, or "；" when <paramref name="clauses"/> (items with commas of their own). Not for
    /// numbers in brackets or what the course's Python prints: those keep ", " in every language.
    /// </summary>
    protected static string JoinList(IEnumerable<string> items, bool clauses = false) =>
        string.Join(Texts.Get(typeof(Lesson), clauses ? "list.separator.clauses" : "list.separator"), items);
}

/// <summary>A PNG a lesson renders (a file name without folder) and its caption: what the figure shows at the lesson's defaults.</summary>
public sealed record LessonPlot(string File, string Caption);
