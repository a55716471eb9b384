using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Plotting;

namespace Chapter4.App;

/// <summary>
/// The command line, on System.CommandLine: <c>list</c>, <c>all</c>, <c>bench</c>, <c>help</c> and one
/// subcommand per lesson whose options are generated from its <see cref="KnobAttribute"/> properties.
/// Our contract on top of the library: every error is ONE line on stderr; exit 0 ok, 1 a lesson
/// failed while running, 2 bad input (found before anything ran: stdout stays empty, even with --json).
/// The words are English or Chinese (--lang, else the environment's UI language); numbers and JSON keys are the same in both.
/// </summary>
public static class Cli
{
    public const string Usage = "dotnet run --project Chapter4 --";

    /// <summary>The longest error line written.</summary>
    public const int MaxLine = 2000;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, Environment.GetEnvironmentVariable);

    /// <param name="environment">Where LC_ALL, LC_MESSAGES, LANG and LANGUAGE are read (the process's environment, or a test's).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        // Numbers as Python prints them, in code, whatever DOTNET_SYSTEM_GLOBALIZATION_INVARIANT or LC_ALL say.
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo ui = CultureInfo.CurrentUICulture, uiDefault = CultureInfo.DefaultThreadCurrentUICulture ?? CultureInfo.InvariantCulture;
        try
        {
            // The words' language is known before the command tree (and its help) is built: --lang, else the environment's.
            LangArgument lang = UiLanguage.Scan(args);
            UiLanguage.Use(lang.Culture ?? UiLanguage.FromEnvironment(environment));
            if (lang.Given && lang.Culture is null) return Fail(stderr, LangError(lang), 2);
            // A plot's words stay English where no font can draw Chinese; CjkFont says so once, on this stderr.
            CjkFont.Notices = stderr;
            Texts.PlotsCanShowChinese = () => CjkFont.Family is not null;
            return Dispatch(args, stdout, stderr);
        }
        catch (LessonInputException e)
        {
            return Fail(stderr, e.Message, 2);
        }
        catch (LessonRunException e)
        {
            return Fail(stderr, e.Message, 1);
        }
        catch (Exception e) when (StandardOutput.IsBrokenPipe(e))
        {
            // The reader of stdout has gone (`| head -1`): stop, quietly.
            return StandardOutput.BrokenPipeExit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // A closed stdout (`>&-`) reaches .NET as "Access to the path is denied": say what it is.
            return Fail(stderr, e is UnauthorizedAccessException
                ? CliTexts.Get("cannot-write-output.closed")
                : CliTexts.Format("cannot-write-output", e.GetType().Name, Text.FirstLine(e.Message)), 1);
        }
        catch (Exception e)
        {
            // A bug of ours, not the user's mistake: still one line and exit 1; CHAPTER4_DEBUG=1 shows the trace first.
            return Fail(stderr, LessonRunner.InternalError(e, stderr), 1);
        }
        finally
        {
            // In-process callers (the tests) get their thread's language back.
            CultureInfo.DefaultThreadCurrentUICulture = uiDefault;
            CultureInfo.CurrentUICulture = ui;
        }
    }

    /// <summary>--lang with no value, or one this program does not speak: the values it takes.</summary>
    private static string LangError(LangArgument lang) => lang.Value is null
        ? CliTexts.Format("lang.missing", string.Join("|", UiLanguage.Names))
        : CliTexts.Format("lang.invalid", Text.Echo(lang.Value), string.Join("|", UiLanguage.Names));

    /// <summary>
    /// Whether progress lines are for a person: stdout is the console's and neither stream is redirected
    /// (a script or a pipe gets the results alone).
    /// </summary>
    public static bool AtTerminal(TextWriter stdout) =>
        ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Writes "error: message" (Chinese: "错误: message") as one line; a closed or full stderr cannot turn it into a crash.</summary>
    public static int Fail(TextWriter stderr, string message, int exitCode)
    {
        try
        {
            // Every echo of user text is cut (Text.Echo); this bounds what a library message could still repeat.
            string line = Text.Escape(message);
            stderr.WriteLine(CliTexts.Get("error-prefix") + (line.Length > MaxLine ? line[..MaxLine] + "…" : line));
            stderr.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // Nowhere left to say it: the exit code still does.
        }
        return exitCode;
    }

    private static int Dispatch(string[] args, TextWriter stdout, TextWriter stderr)
    {
        RootCommand root = Commands.Build(stdout, stderr);
        // @file arguments are read by us (regular text files, bounded, no cycles), never by the parser.
        string[] given = args;
        args = ResponseFiles.Expand(args);
        // A response file may choose the language too (with --lang on the command line as well, it is an option given twice).
        if (!UiLanguage.Scan(given).Given && UiLanguage.Scan(args) is { Given: true } fromFile)
        {
            if (fromFile.Culture is null) return Fail(stderr, LangError(fromFile), 2);
            UiLanguage.Use(fromFile.Culture);
            root = Commands.Build(stdout, stderr);
        }
        ParseResult parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (GivenTwice(parsed) is { } twice)
            return Fail(stderr, CliTexts.Format("given-twice", twice), 2);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
            return Fail(stderr, ParseErrorLine(root, parsed, args), 2);
        return Invoke(parsed, stdout, stderr);
    }

    /// <summary>
    /// Runs what was parsed. What the library writes itself (help, --version) goes through <see cref="LibraryWords"/>: its
    /// zh-Hans satellite leaves a few words English.
    /// </summary>
    public static int Invoke(ParseResult parsed, TextWriter stdout, TextWriter stderr)
    {
        if (!UiLanguage.IsChinese(UiLanguage.Current))
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        var library = new StringWriter();
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = library, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        finally
        {
            stdout.Write(LibraryWords(library.ToString()));
        }
    }

    /// <summary>The help's "Description:" heading and its "[default: X]", which System.CommandLine 3.0 has in English only.</summary>
    public static string LibraryWords(string help)
    {
        string headed = ("\n" + help).Replace("\nDescription:\n", "\n" + CliTexts.Get("help.description-title") + "\n", StringComparison.Ordinal)[1..];
        return headed.Replace("[default: ", CliTexts.Get("help.default"), StringComparison.Ordinal);
    }

    /// <summary>The first option given more than once (a repeatable option such as book's --set aside), or null.</summary>
    private static string? GivenTwice(ParseResult parsed)
    {
        var options = new List<Option>();
        for (SymbolResult? r = parsed.CommandResult; r is not null; r = r.Parent)
            if (r is CommandResult c) options.AddRange(c.Command.Options);
        var seen = new HashSet<Option>();
        foreach (Token token in parsed.Tokens)
        {
            if (token.Type != TokenType.Option) continue;
            Option? option = options.FirstOrDefault(o => o.Name == token.Value || o.Aliases.Contains(token.Value));
            if (option is null || option.Arity.MaximumNumberOfValues > 1) continue;
            if (!seen.Add(option)) return option.Name;
        }
        return null;
    }

    /// <summary>
    /// The one line for a parse error: the library's first relevant error and, for a mistyped name,
    /// its typo correction ("did you mean 'model'?").
    /// </summary>
    private static string ParseErrorLine(RootCommand root, ParseResult parsed, string[] args)
    {
        Command command = parsed.CommandResult.Command;
        // "momentum --lr --json x": --lr took "--json" as its value and what followed went unmatched; the first fault is
        // the missing value, and the option's own check has said so.
        if (parsed.Errors.FirstOrDefault(e => TookTheNextOption(e.SymbolResult)) is { } swallowed)
            return swallowed.Message;
        // An option without a check of its own ("all --only --json") says the same.
        if (parsed.CommandResult.Children.OfType<OptionResult>().FirstOrDefault(TookTheNextOption) is { } plain)
            return CliTexts.Format("option.needs-value", plain.Option.Name);
        string? unmatched = parsed.UnmatchedTokens.FirstOrDefault();
        if (unmatched is not null)
        {
            // "model -- --seed 3": after '--' every token is a plain argument, however it looks.
            int end = Array.IndexOf(args, "--");
            if (end >= 0 && Array.IndexOf(args, unmatched) is var first && (first < 0 || first > end))
                return CliTexts.Format(unmatched.StartsWith('-') ? "after-dashdash.option" : "after-dashdash.command", Text.Echo(unmatched));
            string? suggestion = TypoCorrection(parsed, unmatched);
            string hint = suggestion is null ? CliTexts.Get("hint.none") : CliTexts.Format("hint.did-you-mean", suggestion);
            // "--seed 3 model": options belong after the command.
            string? named = args.FirstOrDefault(a => root.Subcommands.Any(c => c.Name == a));
            if (named is not null && unmatched.StartsWith('-') && Array.IndexOf(args, unmatched) is var at and >= 0 && at < Array.IndexOf(args, named))
                return CliTexts.Format("option-before-command", Text.Echo(unmatched), $"{Usage} {named} {Text.Echo(unmatched)} ...");
            if (command == root)
            {
                // "chapter4 --lr 0.1": an option with no lesson before it is not a lesson's name.
                return unmatched.StartsWith("--", StringComparison.Ordinal)
                    ? CliTexts.Format("option-without-command", Text.Echo(unmatched), string.Join(", ", root.Subcommands.Select(c => c.Name)))
                    : CliTexts.Format("unknown-command", Text.Echo(unmatched), hint, string.Join(", ", root.Subcommands.Select(c => c.Name)));
            }
            if (unmatched.StartsWith('-'))
            {
                // --lang is every command's (a recursive option of the root): it is not what the learner mistyped.
                var valid = command.Options.Where(o => o is not System.CommandLine.Help.HelpOption && !o.Hidden).Select(o => o.Name).ToList();
                return valid.Count == 0
                    ? CliTexts.Format(command.Name == "help" ? "unknown-option.help" : "unknown-option.none", Text.Echo(unmatched), command.Name, hint)
                    : CliTexts.Format("unknown-option", Text.Echo(unmatched), command.Name, hint, string.Join(", ", valid));
            }
            return CliTexts.Format("unexpected-argument", Text.Echo(unmatched), command.Name, hint);
        }
        // An option last on the line with no value ("momentum --lr"): said as our own check says it mid-line, in the
        // UI language (the library's "Required argument missing for option: '--lr'." keeps English words in Chinese).
        if (parsed.Errors[0].SymbolResult is OptionResult { Tokens.Count: 0, Implicit: false } missing && missing.Option.Arity.MinimumNumberOfValues > 0)
            return CliTexts.Format("option.needs-value", missing.Option.Name);
        return parsed.Errors[0].Message;
    }

    /// <summary>An option (or its argument) that took the next option as its value: "--lr --json".</summary>
    private static bool TookTheNextOption(SymbolResult? result) => result switch
    {
        OptionResult option => option.Tokens.Any(t => CommonOptions.LooksLikeOption(t.Value)),
        ArgumentResult { Parent: OptionResult, Tokens: [var token] } => CommonOptions.LooksLikeOption(token.Value),
        _ => false,
    };

    /// <summary>The library's typo correction for one token, read from its parse-error action's output.</summary>
    private static string? TypoCorrection(ParseResult parsed, string token)
    {
        if (parsed.Action is not ParseErrorAction action) return null;
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var output = new StringWriter();
        parsed.Invoke(new InvocationConfiguration { Output = output, Error = TextWriter.Null });
        string[] lines = output.ToString().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int at = Array.FindIndex(lines, l => l.StartsWith($"'{token}'", StringComparison.Ordinal));
        string? suggestion = at >= 0 && at + 1 < lines.Length && !lines[at + 1].StartsWith('\'') ? lines[at + 1] : null;
        // The help option is suggested for any short name ('--lr' → '--help'): no help to the learner.
        return suggestion is null or "-h" or "-?" or "--help" or "/h" or "/?" ? null : suggestion;
    }
}
