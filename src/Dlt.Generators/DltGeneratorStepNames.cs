namespace DltNet.Generators;

/// <summary>Tracking names of the generator's incremental steps (tests assert how each step ran).</summary>
public static class DltGeneratorStepNames
{
    /// <summary>[DltResource] methods parsed into resource specs, row types and diagnostics.</summary>
    public const string ResourceMethods = "DltResourceMethods";
    /// <summary>[DltSource] classes parsed into source specs and diagnostics.</summary>
    public const string SourceClasses = "DltSourceClasses";
    /// <summary>[DltTable] types parsed into row type specs and diagnostics.</summary>
    public const string TableTypes = "DltTableTypes";
    /// <summary>Resource specs that are emitted.</summary>
    public const string ResourceSpecs = "DltResourceSpecs";
    /// <summary>Source specs that are emitted.</summary>
    public const string SourceSpecs = "DltSourceSpecs";
    /// <summary>All row types, merged and ordered by name.</summary>
    public const string RowTypes = "DltRowTypes";
    /// <summary>Row type specs that are emitted, one per type.</summary>
    public const string RowTypeSpecs = "DltRowTypeSpecs";
    /// <summary>Diagnostics of all parse steps.</summary>
    public const string Diagnostics = "DltDiagnostics";
}
