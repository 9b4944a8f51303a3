package dk.thbstats.access;

import java.util.Set;

/**
 * What an evaluator's query may contain, as lists of what is allowed — anything not named here is
 * refused. Plan nodes and expressions are Spark's own classes (package
 * {@code org.apache.spark.sql.catalyst}), named by simple class name; functions by their SQL
 * name. The lists cover relational queries: projection, selection, joins, aggregation, grouping
 * sets, window functions, set operations, subqueries, common table expressions, inline tables,
 * lateral views over arrays; arithmetic, comparison, string, date, conditional, aggregate and
 * window functions. Reflection, files, UDFs, commands, hints, higher-order functions and
 * functions that build values of unbounded size are not on them.
 */
final class AllowList {
  private AllowList() {}

  /** Catalyst's package: every allowed node or expression class is one of Spark's own. */
  static final String CATALYST = "org.apache.spark.sql.catalyst.";

  /** Nodes of the parsed plan (before analysis): queries only, no command, statement or hint. */
  static final Set<String> PARSED_NODES = Set.of("Project", "Filter", "UnresolvedHaving", "Aggregate", "Join", "Sort",
      "GlobalLimit",
      "LocalLimit", "Offset", "Tail", "Union", "Intersect", "Except", "Distinct", "SubqueryAlias", "UnresolvedWith",
      "UnresolvedRelation", "RelationTimeTravel", "UnresolvedInlineTable", "UnresolvedTableValuedFunction",
      "OneRowRelation", "LocalRelation", "Generate", "WithWindowDefinition", "Pivot", "LateralJoin",
      "UnresolvedSubqueryColumnAliases", "Sample", "Window", "Expand", "Deduplicate");

  /** Nodes of the analysed plan. */
  static final Set<String> ANALYSED_NODES = Set.of("Project", "Filter", "Aggregate", "Join", "Sort", "GlobalLimit",
      "LocalLimit", "Offset", "Tail", "Union", "Intersect", "Except", "Distinct", "Deduplicate", "SubqueryAlias",
      "WithCTE", "CTERelationDef", "CTERelationRef", "Window", "Generate", "Expand", "LocalRelation",
      "OneRowRelation", "Range", "DataSourceV2Relation", "Sample", "LateralJoin");

  /** The only table-valued function (its size is capped: {@link QueryGuard#MAX_RANGE}). */
  static final Set<String> TABLE_FUNCTIONS = Set.of("range");

  /** Generators of lateral views and SELECT lists: they unnest arrays a query built. */
  static final Set<String> GENERATORS = Set.of("explode", "explode_outer", "posexplode", "posexplode_outer",
      "inline", "inline_outer", "stack");

  /** Functions by SQL name. */
  static final Set<String> FUNCTIONS = Set.of(
      // arithmetic and mathematics
      "abs", "round", "bround", "floor", "ceil", "ceiling", "sqrt", "pow", "power", "exp", "ln", "log", "log10",
      "log2", "sign", "signum", "greatest", "least", "mod", "pmod", "div", "negative", "positive", "try_add",
      "try_subtract", "try_multiply", "try_divide",
      // comparison, null handling and conditionals
      "isnull", "isnotnull", "isnan", "nullif", "nvl", "nvl2", "ifnull", "coalesce", "if", "iff", "nanvl",
      "equal_null", "rlike", "regexp", "regexp_like", "like", "ilike",
      // strings
      "upper", "lower", "ucase", "lcase", "concat", "concat_ws", "substr", "substring", "left", "right", "length",
      "char_length", "character_length", "trim", "ltrim", "rtrim", "btrim", "replace", "instr", "locate",
      "position", "initcap", "split", "split_part", "startswith", "endswith", "contains", "regexp_extract",
      "regexp_replace", "format_number", "format_string", "printf", "translate",
      // casts by name
      "int", "integer", "bigint", "smallint", "tinyint", "double", "float", "decimal", "string", "date",
      "timestamp", "boolean",
      // dates
      "year", "quarter", "month", "day", "dayofmonth", "dayofweek", "dayofyear", "weekday", "weekofyear",
      "current_date", "date_add", "date_sub", "datediff", "date_diff", "add_months", "months_between", "trunc",
      "date_trunc", "date_format", "to_date", "to_timestamp", "make_date", "last_day", "extract", "date_part",
      // aggregates
      "count", "sum", "avg", "mean", "min", "max", "first", "first_value", "last", "last_value", "any_value",
      "collect_list", "collect_set", "array_agg", "stddev", "stddev_samp", "stddev_pop", "std", "variance",
      "var_samp", "var_pop", "corr", "covar_samp", "covar_pop", "percentile", "percentile_approx",
      "approx_percentile", "median", "count_if", "bool_and", "bool_or", "every", "some", "any", "max_by", "min_by",
      "mode", "skewness", "kurtosis", "grouping", "grouping_id",
      // window functions
      "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "nth_value",
      // arrays and structs a query builds (bounded by its literals and rows)
      "array", "struct", "named_struct", "size", "cardinality", "array_contains", "element_at", "sort_array",
      "array_join");

  /** Expression classes of the analysed plan (what the functions above and SQL's operators become). */
  static final Set<String> EXPRESSIONS = Set.of(
      // structure
      "Alias", "AttributeReference", "OuterReference", "Literal", "Cast", "UpCast", "SortOrder", "KnownNotNull",
      "KnownNullable", "CreateArray", "CreateNamedStruct", "GetStructField", "GetArrayItem", "ElementAt",
      "Size", "ArrayContains", "SortArray", "ArrayJoin", "PrettyAttribute", "ScalarSubquery", "Exists", "ListQuery",
      "InSubquery", "LateralSubquery", "TryEval", "CheckOverflow", "PromotePrecision", "MakeDecimal",
      "UnscaledValue", "CheckOverflowInSum", "DecimalAddNoOverflowCheck", "DecimalDivideWithOverflowCheck",
      // arithmetic and mathematics
      "Add", "Subtract", "Multiply", "Divide", "IntegralDivide", "Remainder", "Pmod", "UnaryMinus", "UnaryPositive",
      "Abs", "Round", "BRound", "Floor", "Ceil", "RoundFloor", "RoundCeil", "Sqrt", "Pow", "Exp", "Log", "Log10",
      "Log2", "Logarithm", "Signum", "Greatest", "Least", "TryAdd", "TrySubtract", "TryMultiply", "TryDivide",
      // comparison and logic
      "EqualTo", "EqualNullSafe", "EqualNull", "LessThan", "LessThanOrEqual", "GreaterThan", "GreaterThanOrEqual",
      "In", "InSet", "Not", "And", "Or", "IsNull", "IsNotNull", "IsNaN", "Like", "ILike", "RLike", "StartsWith",
      "EndsWith", "Contains", "LikeAll", "LikeAny", "NotLikeAll", "NotLikeAny", "RegExpExtract", "RegExpReplace",
      // conditionals
      "If", "CaseWhen", "Coalesce", "Nvl", "Nvl2", "NullIf", "NaNvl",
      // strings
      "Upper", "Lower", "Concat", "ConcatWs", "Substring", "Left", "Right", "Length", "StringTrim",
      "StringTrimLeft", "StringTrimRight", "StringTrimBoth", "StringReplace", "StringInstr", "StringLocate",
      "InitCap", "StringSplit", "SplitPart", "FormatNumber", "FormatString", "StringTranslate",
      // dates
      "Year", "Quarter", "Month", "DayOfMonth", "DayOfWeek", "DayOfYear", "WeekDay", "WeekOfYear", "CurrentDate",
      "DateAdd", "DateSub", "DateDiff", "AddMonths", "MonthsBetween", "TruncDate", "TruncTimestamp",
      "DateFormatClass", "ParseToDate", "ParseToTimestamp", "GetTimestamp", "MakeDate", "LastDay", "Extract",
      "DatePart", "SecondsToTimestamp", "Hour", "Minute", "Second", "GetDateField",
      // aggregates
      "AggregateExpression", "Count", "Sum", "Average", "Min", "Max", "First", "Last", "AnyValue", "CollectList",
      "CollectSet", "StddevSamp", "StddevPop", "VarianceSamp", "VariancePop", "Corr", "CovSample", "CovPopulation",
      "Percentile", "ApproximatePercentile", "Median", "CountIf", "BoolAnd", "BoolOr", "MaxBy", "MinBy", "Mode",
      "Skewness", "Kurtosis", "Grouping", "GroupingID", "PercentileCont",
      // windows
      "WindowExpression", "WindowSpecDefinition", "SpecifiedWindowFrame", "UnspecifiedFrame$", "UnboundedPreceding$",
      "UnboundedFollowing$", "CurrentRow$", "RowNumber", "Rank", "DenseRank", "PercentRank", "CumeDist", "NTile",
      "Lag", "Lead", "NthValue",
      // generators
      "Explode", "PosExplode", "Inline", "Stack", "GeneratorOuter");

  /** Iceberg's metadata columns: where a row's file lies and how the table was written, never a figure. */
  static final Set<String> METADATA_COLUMNS = Set.of("_file", "_pos", "_spec_id", "_partition", "_deleted",
      "_row_id", "_last_updated_sequence_number", "_change_type", "_change_ordinal", "_commit_snapshot_id",
      "_metadata", "_metadata_file");

  /** Whether {@code c} is one of Spark's own classes named in {@code names}. */
  static boolean allows(Set<String> names, Class<?> c) {
    return c.getName().startsWith(CATALYST) || c.getName().startsWith("org.apache.spark.sql.execution.")
        ? names.contains(c.getSimpleName()) : false;
  }
}
