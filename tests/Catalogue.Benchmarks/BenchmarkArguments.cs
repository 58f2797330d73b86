using System.Globalization;

namespace Catalogue.Benchmarks;

/// <summary>The options each benchmark takes, checked before a cluster starts; the appends' arguments are BenchmarkDotNet's.</summary>
public static class BenchmarkArguments
{
    private static readonly Dictionary<string, (string[] Counts, string[] Texts)> Options = new(StringComparer.Ordinal)
    {
        ["read-side"] = (["--records", "--seconds"], ["--only"]),
        ["service"] = (["--restarts", "--seconds"], ["--published"]),
        ["rebuild"] = (["--records"], []),
        ["harvest"] = (["--records"], []),
        ["bulk-import"] = (["--records"], []),
        ["start-up"] = (["--restarts"], []),
        ["long-streams"] = ([], []),
        ["nodes"] = (["--nodes", "--seconds"], []),
        ["all"] = (["--records", "--rebuild-records", "--seconds"], []),
    };

    /// <summary>What is wrong with the arguments, naming it and what the benchmark takes; null when nothing is.</summary>
    public static string? Refusal(string[] args)
    {
        if (args is ["batch-import", .. var sizes])
        {
            return sizes.Length <= 2 && sizes.All(IsCount) ? null : "usage: batch-import [PAGES [KIB-PER-PAGE]] [--fsync-off]   (whole numbers, 1 or more)";
        }

        if (args is not [var benchmark, .. var options] || !Options.TryGetValue(benchmark, out var takes)) return null;
        var usage = $"usage: {benchmark}{string.Concat(takes.Counts.Select(o => $" [{o} N]"))}{string.Concat(takes.Texts.Select(o => $" [{o} VALUE]"))} [--fsync-off]";
        for (var i = 0; i < options.Length; i++)
        {
            var option = options[i];
            var counted = takes.Counts.Contains(option);
            if (!counted && !takes.Texts.Contains(option)) return $"'{option}' is not an option of {benchmark}.\n{usage}";
            if (options.Count(o => o == option) > 1) return $"'{option}' is given twice.\n{usage}";
            if (i + 1 >= options.Length) return $"'{option}' needs a value.\n{usage}";
            var value = options[++i];
            if (counted && !IsCount(value)) return $"'{option}' must be a whole number, 1 or more; it is '{value}'.\n{usage}";
        }

        return null;
    }

    private static bool IsCount(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1;
}
