using System.Runtime.CompilerServices;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Where the handlers' generated code lives in the source tree: <c>src/Catalogue.Api/Internal/Generated</c>, whatever
/// folder <c>codegen write</c> is run from. Only that command writes there; a running service loads the compiled types.
/// </summary>
public static class GeneratedCode
{
    public static string Directory { get; } = Path.Combine(ProjectDirectory(), "Internal", "Generated");

    private static string ProjectDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(thisFile))!;
}
