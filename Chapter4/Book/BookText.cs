using Chapter4.Language;

namespace Chapter4.Book;

/// <summary>
/// Every fixed string of the book's pages, from BookText.resx (English) and BookText.zh-CN.resx (`book --lang zh-CN`). A string with {0}, {1}… is a composite format
/// string: the page escapes it, then fills in the already-escaped parts (code, numbers, links). What a lesson says
/// about itself (its description, take-aways, captions, try-this questions) is the lesson's own text, not here.
/// </summary>
public static class BookText
{
    /// <summary>The pages' lang attribute.</summary>
    public static string Language => UiLanguage.IsChinese(UiLanguage.Current) ? "zh-CN" : "en";

    // ---- the index ----
    public static string IndexTitle => T("IndexTitle");
    public static string BookName => T("BookName");
    /// <summary>{0}: the course's Chinese name (marked as Chinese).</summary>
    public static string IndexIntro => T("IndexIntro");
    public static string CourseNameChinese => T("CourseNameChinese");
    /// <summary>{0}: the --seed option.</summary>
    public static string IndexBuiltForSeed => T("IndexBuiltForSeed");
    public static string IndexDefaultSeeds => T("IndexDefaultSeeds");
    /// <summary>{0}: how many lessons failed.</summary>
    public static string IndexFailed => T("IndexFailed");
    public static string Failed => T("Failed");
    public static string ContentsLabel => T("ContentsLabel");

    // ---- every lesson page ----
    /// <summary>{0}: the lesson id.</summary>
    public static string PageTitle => T("PageTitle");
    public static string Contents => T("Contents");
    public static string NavigationTop => T("NavigationTop");
    public static string NavigationBottom => T("NavigationBottom");
    /// <summary>{0}: the seed, {1}: the book's --seed option.</summary>
    public static string BuiltForSeed => T("BuiltForSeed");
    /// <summary>{0}: the seed.</summary>
    public static string DefaultSeed => T("DefaultSeed");
    /// <summary>{0}: the knobs.</summary>
    public static string KnobsGiven => T("KnobsGiven");
    /// <summary>{0}: the command.</summary>
    public static string SameRunInATerminal => T("SameRunInATerminal");

    public static string CourseCodeHeading => T("CourseCodeHeading");
    /// <summary>{0}: the C# command, {1}: the Python command.</summary>
    public static string CourseCodeFiles => T("CourseCodeFiles");
    public static string CSharp => T("CSharp");
    public static string Python => T("Python");
    public static string LessonCodeHeading => T("LessonCodeHeading");
    /// <summary>{0}: the lesson's file.</summary>
    public static string LessonCodeFile => T("LessonCodeFile");

    public static string RuleHeading => T("RuleHeading");

    public static string OutputHeading => T("OutputHeading");
    public static string OutputLabel => T("OutputLabel");
    /// <summary>{0}: the exit code, {1}: the error.</summary>
    public static string RunFailed => T("RunFailed");
    public static string PrintedBeforeFailure => T("PrintedBeforeFailure");
    public static string PlotsHeading => T("PlotsHeading");
    public static string ErrataHeading => T("ErrataHeading");
    public static string TakeAwaysHeading => T("TakeAwaysHeading");
    public static string TakeAwaysLabel => T("TakeAwaysLabel");

    public static string TryHeading => T("TryHeading");
    public static string TryIntro => T("TryIntro");
    public static string TryTakeAways => T("TryTakeAways");
    public static string TryPrinted => T("TryPrinted");
    public static string TryNothingChanged => T("TryNothingChanged");
    /// <summary>{0}: how many lines are left out, {1}: the command.</summary>
    public static string TryMoreLines => T("TryMoreLines");
    /// <summary>{0}: the knobs.</summary>
    public static string TryOutcomeLabel => T("TryOutcomeLabel");
    /// <summary>{0}: the exit code, {1}: the error.</summary>
    public static string TryFailed => T("TryFailed");

    public static string PyTorchHeading => T("PyTorchHeading");
    /// <summary>{0}: the reference runs there are (or <see cref="NoReferenceAtAll"/>).</summary>
    public static string NoReference => T("NoReference");
    public static string NoReferenceAtAll => T("NoReferenceAtAll");
    /// <summary>{0}: the reference run's name, {1}: PyTorch's version, {2}: the script, {3}: how many values, {4}: how many are bit-exact.</summary>
    public static string ReferenceRun => T("ReferenceRun");
    /// <summary>{0}: the largest ulp distance, {1}: the largest |Δ|, {2}: the tests' file.</summary>
    public static string OthersWithin => T("OthersWithin");
    public static string Mismatch => T("Mismatch");
    public static string ColumnValue => T("ColumnValue");
    public static string ColumnPyTorch => T("ColumnPyTorch");
    public static string ColumnChapter4 => T("ColumnChapter4");
    public static string ColumnDifference => T("ColumnDifference");
    public static string ColumnUlps => T("ColumnUlps");
    public static string ZeroBitExact => T("ZeroBitExact");
    public static string SampleRule => T("SampleRule");
    /// <summary>{0}: how many more values, {1}: the command.</summary>
    public static string MoreValues => T("MoreValues");

    public static string DeepDiveSummary => T("DeepDiveSummary");
    public static string NoTwin => T("NoTwin");
    public static string CSharpSourceLabel => T("CSharpSourceLabel");
    public static string PythonSourceLabel => T("PythonSourceLabel");
    public static string CodeLabel => T("CodeLabel");

    /// <summary>{0}: Chinese for "practise" (marked as Chinese).</summary>
    public static string ExercisesHeading => T("ExercisesHeading");
    public static string ExercisesChinese => T("ExercisesChinese");
    /// <summary>{0}: the --hint option.</summary>
    public static string ExercisesIntro => T("ExercisesIntro");
    /// <summary>{0}: the exercise's Chinese title, {1}: its English title, {2}: its file, {3}: the command.</summary>
    public static string Exercise => T("Exercise");

    private static string T(string key) => Texts.Get(typeof(BookText), key);
}
