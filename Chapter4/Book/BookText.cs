namespace Chapter4.Book;

/// <summary>
/// Every fixed English string of the book's pages, in one place, so that a translated book (issue 24: `book --lang
/// zh-CN`) can move them to a .resx without touching the HTML code. A string with {0}, {1}… is a composite format
/// string: the page escapes it, then fills in the already-escaped parts (code, numbers, links). What a lesson says
/// about itself (its description, take-aways, captions, try-this questions) is the lesson's own text, not here.
/// </summary>
public static class BookText
{
    /// <summary>The pages' lang attribute.</summary>
    public static string Language => "en";

    // ---- the index ----
    public static string IndexTitle => "Chapter4 — chapter 4 of the PyTorch course, as C# lessons";
    public static string BookName => "Chapter4";
    /// <summary>{0}: the course's Chinese name (marked as Chinese).</summary>
    public static string IndexIntro => "Chapter 4 of the PyTorch deep-learning course ({0}), every snippet a C# lesson on TorchSharp, checked against PyTorch. " +
                                       "Each page shows the lesson's C# beside its Python twin, what it printed, its plots, the course's errata and the values beside PyTorch's.";
    public static string CourseNameChinese => "深度学习第四章节";
    /// <summary>{0}: the --seed option.</summary>
    public static string IndexBuiltForSeed => "Every lesson built for {0}.";
    public static string IndexDefaultSeeds => "Every lesson at its default seed.";
    /// <summary>{0}: how many lessons failed.</summary>
    public static string IndexFailed => "{0} lesson(s) failed in this build; their pages show why.";
    public static string Failed => "failed";
    public static string ContentsLabel => "Contents";

    // ---- every lesson page ----
    /// <summary>{0}: the lesson id.</summary>
    public static string PageTitle => "{0} — Chapter4";
    public static string Contents => "contents";
    public static string NavigationTop => "Lessons: previous and next";
    public static string NavigationBottom => "Lessons: previous and next (end of page)";
    /// <summary>{0}: the seed, {1}: the book's --seed option.</summary>
    public static string BuiltForSeed => "Built for seed {0} ({1})";
    /// <summary>{0}: the seed.</summary>
    public static string DefaultSeed => "Seed {0}, the lesson's default";
    /// <summary>{0}: the knobs.</summary>
    public static string KnobsGiven => "; knobs {0}";
    /// <summary>{0}: the command.</summary>
    public static string SameRunInATerminal => ". The same run in a terminal: {0}";

    public static string CourseCodeHeading => "The course's code: C# beside Python";
    /// <summary>{0}: the C# command, {1}: the Python command.</summary>
    public static string CourseCodeFiles => "{0} and {1} print the same bytes; each row is one step of the course's script.";
    public static string CSharp => "C#";
    public static string Python => "Python";
    public static string LessonCodeHeading => "The lesson's code";
    /// <summary>{0}: the lesson's file.</summary>
    public static string LessonCodeFile => "The course has no code block here: this is the lesson's Run, from {0}.";

    public static string RuleHeading => "The update rule, as PyTorch computes it";

    public static string OutputHeading => "Output";
    public static string OutputLabel => "What the lesson printed";
    /// <summary>{0}: the exit code, {1}: the error.</summary>
    public static string RunFailed => "The run failed (exit code {0}): {1}";
    public static string PrintedBeforeFailure => "What it printed before that";
    public static string PlotsHeading => "Plots";
    public static string ErrataHeading => "Course errata";
    public static string TakeAwaysHeading => "Take-aways, computed from this run";
    public static string TakeAwaysLabel => "Take-aways of this run";

    public static string TryHeading => "Try this";
    public static string TryIntro => "The same lesson with other knobs, run when this book was built (without plots); each shows what differs from the run above.";
    public static string TryTakeAways => "Its take-aways that differ from the run above:";
    public static string TryPrinted => "What it printed, from the line before the first that differs to the last that differs:";
    public static string TryNothingChanged => "Nothing it prints or concludes differs from the run above.";
    /// <summary>{0}: how many lines are left out, {1}: the command.</summary>
    public static string TryMoreLines => "… {0} more line(s): run {1}";
    /// <summary>{0}: the knobs.</summary>
    public static string TryOutcomeLabel => "Outcome with {0}";
    /// <summary>{0}: the exit code, {1}: the error.</summary>
    public static string TryFailed => "It stops (exit code {0}): {1}";

    public static string PyTorchHeading => "Beside PyTorch";
    /// <summary>{0}: the reference runs there are (or <see cref="NoReferenceAtAll"/>).</summary>
    public static string NoReference => "No PyTorch reference for these settings. References exist for: {0}";
    public static string NoReferenceAtAll => "none";
    /// <summary>{0}: the reference run's name, {1}: PyTorch's version, {2}: the script, {3}: how many values, {4}: how many are bit-exact.</summary>
    public static string ReferenceRun => "Reference run {0} of PyTorch {1} ({2}): {3} values, {4} bit-exact as float32";
    /// <summary>{0}: the largest ulp distance, {1}: the largest |Δ|, {2}: the tests' file.</summary>
    public static string OthersWithin => ", the others within {0} ulps (largest |Δ| {1}; bounds and reasons in {2})";
    public static string Mismatch => "mismatch: {0}";
    public static string ColumnValue => "value";
    public static string ColumnPyTorch => "PyTorch";
    public static string ColumnChapter4 => "Chapter4";
    public static string ColumnDifference => "|Δ|";
    public static string ColumnUlps => "float32 ulps";
    public static string ZeroBitExact => "0 (bit-exact)";
    public static string SampleRule => "Shown: for each series, its first and last values and those where it changes (at most eight), in order.";
    /// <summary>{0}: how many more values, {1}: the command.</summary>
    public static string MoreValues => "{0} more values in {1}.";

    public static string DeepDiveSummary => "Deep dive: the lesson's class and its PyTorch twin";
    public static string NoTwin => "This lesson has no PyTorch twin.";
    public static string CSharpSourceLabel => "The lesson's C# class";
    public static string PythonSourceLabel => "The lesson's PyTorch twin";
    public static string CodeLabel => "The lesson's code";

    /// <summary>{0}: Chinese for "practise" (marked as Chinese).</summary>
    public static string ExercisesHeading => "Practise {0}";
    public static string ExercisesChinese => "练习";
    /// <summary>{0}: the --hint option.</summary>
    public static string ExercisesIntro => "Write one function yourself, then check it against PyTorch's values (add {0} for a hint):";
    /// <summary>{0}: the exercise's Chinese title, {1}: its English title, {2}: its file, {3}: the command.</summary>
    public static string Exercise => "{0} — {1}: edit {2}, then {3}";
}
