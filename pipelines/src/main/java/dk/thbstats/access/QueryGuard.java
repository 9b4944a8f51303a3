package dk.thbstats.access;

import dk.thbstats.core.ErrorCode;
import dk.thbstats.core.PipelineException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.iceberg.spark.source.SparkTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedGenerator;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Range;
import org.apache.spark.sql.connector.catalog.CatalogManager;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;

/**
 * Admits one query on the published tables of a {@link Zone}, or refuses it with a one-line
 * reason naming what was refused ({@link ErrorCode#PRIVACY_GUARD}). An allow-list, checked twice:
 *
 * <ol>
 *   <li>on the parsed plan, before any catalog or function is looked up: only query nodes
 *       ({@link AllowList#PARSED_NODES}: no command, statement, hint or identifier clause);
 *       tables by plain name ({@code [a-z0-9_]+}, a table of the zone, or a CTE of the query);
 *       time travel only as {@code VERSION AS OF 'NAME'} of a release; functions, generators and
 *       table-valued functions by name from the allow-list; no metadata column;
 *   <li>on the analysed plan, subqueries and CTEs included: only allowed nodes and expression
 *       classes; every relation a table of the zone's catalog, an Iceberg data table (no metadata
 *       table) inside the zone's folder, read at a snapshot the zone allows, without metadata
 *       columns; {@code range()} at most {@link #MAX_RANGE} rows.
 * </ol>
 *
 * Nothing runs before both checks pass: the returned Dataset is lazy.
 */
public final class QueryGuard {
  /** The most rows {@code range()} may generate. */
  public static final long MAX_RANGE = 1_000_000L;

  private QueryGuard() {}

  /**
   * Parses and checks {@code sql} and returns it planned against {@code zone} (served by the
   * catalog {@link ZoneCatalog#register} named), lazily.
   *
   * @throws PipelineException {@link ErrorCode#PRIVACY_GUARD} when the query is refused,
   *     {@link ErrorCode#CONFIG_INVALID} when it does not parse or cannot run
   */
  public static Dataset<Row> admit(SparkSession spark, String catalog, Zone zone, String sql) {
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new PipelineException(ErrorCode.CONFIG_INVALID, "the query does not parse: "
          + firstLine(e.getMessage()));
    }
    Set<String> ctes = new HashSet<>();
    checkParsed(parsed, zone, ctes);
    CatalogManager catalogs = spark.sessionState().catalogManager();
    String previousCatalog = catalogs.currentCatalog().name();
    String[] previousNamespace = catalogs.currentNamespace();
    Dataset<Row> planned;
    try {
      catalogs.setCurrentCatalog(catalog);
      planned = Dataset.ofRows(spark, parsed);
    } catch (Exception e) {
      // (Scala code throws AnalysisException, a checked exception in Java, without declaring it.)
      throw refusalOrError(e);
    } finally {
      catalogs.setCurrentCatalog(previousCatalog);
      catalogs.setCurrentNamespace(previousNamespace);
    }
    checkAnalysed(planned.queryExecution().analyzed(), catalog, zone);
    return planned;
  }

  // ---- the parsed plan --------------------------------------------------------------------

  private static void checkParsed(LogicalPlan root, Zone zone, Set<String> ctes) {
    // CTE names first: a plain name may refer to one.
    for (LogicalPlan p : parsedNodes(root)) {
      if (p instanceof UnresolvedWith w) {
        scala.collection.Iterator<scala.Tuple2<String, org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias>> it =
            w.cteRelations().iterator();
        while (it.hasNext()) {
          String name = it.next()._1().toLowerCase(Locale.ROOT);
          if (zone.holds(name)) {
            throw refused("a CTE named like the published table " + name + "; give it another name");
          }
          ctes.add(name);
        }
      }
    }
    for (LogicalPlan p : parsedNodes(root)) {
      if (!AllowList.allows(AllowList.PARSED_NODES, p.getClass()) && !(p instanceof RelationTimeTravel)) {
        throw refused(describeNode(p));
      }
      if (p instanceof RelationTimeTravel tt) {
        if (tt.timestamp().isDefined()) {
          throw refused("TIMESTAMP AS OF; only releases can be read (VERSION AS OF 'NAME')");
        }
        String version = tt.version().isDefined() ? tt.version().get() : "";
        if (!zone.releases().containsKey(version)) {
          throw refused("VERSION AS OF '" + version + "' is not a release" + (zone.releases().isEmpty()
              ? " (none has been made)" : " (releases: " + String.join(", ", zone.releases().keySet()) + ")"));
        }
        if (!(tt.relation() instanceof UnresolvedRelation r) || r.multipartIdentifier().size() != 1) {
          throw refused("VERSION AS OF applies to a published table named alone");
        }
      }
      if (p instanceof UnresolvedRelation r) {
        checkRelation(r, zone, ctes);
      }
      if (p instanceof UnresolvedTableValuedFunction f) {
        String name = String.join(".", scala.collection.JavaConverters.seqAsJavaList(f.name())).toLowerCase(Locale.ROOT);
        if (!AllowList.TABLE_FUNCTIONS.contains(name)) {
          throw refused("the table-valued function " + name + " (only range)");
        }
      }
      scala.collection.Iterator<Expression> exprs = p.expressions().iterator();
      while (exprs.hasNext()) {
        checkParsedExpression(exprs.next());
      }
    }
  }

  private static void checkRelation(UnresolvedRelation r, Zone zone, Set<String> ctes) {
    java.util.List<String> parts = scala.collection.JavaConverters.seqAsJavaList(r.multipartIdentifier());
    String shown = String.join(".", parts);
    if (!r.options().isEmpty()) {
      throw refused("read options on " + shown);
    }
    if (parts.size() == 2 && zone.holds(parts.get(0)) && parts.get(0).matches("[a-z0-9_]+")) {
      throw refused("the Iceberg metadata table " + shown + "; only the published rows can be read");
    }
    if (parts.size() != 1) {
      throw refused("the table name " + shown + "; name published tables alone (e.g. victims_registered)");
    }
    String name = parts.get(0);
    if (!ZoneCatalog.NAME.matcher(name).matches()) {
      throw refused("'" + name + "' is not a table name (letters a-z, digits and _ only)");
    }
    if (!zone.holds(name) && !ctes.contains(name)) {
      throw refused(name + " is not a published table");
    }
  }

  private static void checkParsedExpression(Expression e) {
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(e);
    while (!todo.isEmpty()) {
      Expression x = todo.pop();
      if (x instanceof UnresolvedFunction f) {
        String name = String.join(".", scala.collection.JavaConverters.seqAsJavaList(f.nameParts()))
            .toLowerCase(Locale.ROOT);
        if (!AllowList.FUNCTIONS.contains(name) && !AllowList.GENERATORS.contains(name)) {
          throw refused("the function " + name + " is not on the allow-list");
        }
      } else if (x instanceof UnresolvedGenerator g) {
        String name = g.name().unquotedString().toLowerCase(Locale.ROOT);
        if (!AllowList.GENERATORS.contains(name)) {
          throw refused("the generator " + name + " is not on the allow-list");
        }
      } else if (x instanceof UnresolvedAttribute a) {
        for (String part : scala.collection.JavaConverters.seqAsJavaList(a.nameParts())) {
          if (AllowList.METADATA_COLUMNS.contains(part.toLowerCase(Locale.ROOT))) {
            throw refused("the metadata column " + part);
          }
        }
      } else if (x.getClass().getSimpleName().equals("LambdaFunction")) {
        throw refused("higher-order functions (lambda expressions)");
      }
      scala.collection.Iterator<Expression> children = x.children().iterator();
      while (children.hasNext()) {
        todo.push(children.next());
      }
    }
  }

  /** Every node of a parsed plan: children, subqueries and CTE definitions, time-travel relations. */
  private static java.util.List<LogicalPlan> parsedNodes(LogicalPlan root) {
    java.util.List<LogicalPlan> out = new java.util.ArrayList<>();
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      out.add(p);
      pushChildren(p, todo);
      if (p instanceof RelationTimeTravel tt) {
        todo.push(tt.relation());
      }
    }
    return out;
  }

  /** Pushes a node's children and inner children (subquery plans, CTE definitions). */
  private static void pushChildren(LogicalPlan p, Deque<LogicalPlan> todo) {
    scala.collection.Iterator<LogicalPlan> children = p.children().iterator();
    while (children.hasNext()) {
      todo.push(children.next());
    }
    scala.collection.Iterator<?> inner = p.innerChildren().iterator();
    while (inner.hasNext()) {
      if (inner.next() instanceof LogicalPlan lp) {
        todo.push(lp);
      }
    }
  }

  // ---- the analysed plan ------------------------------------------------------------------

  private static void checkAnalysed(LogicalPlan root, String catalog, Zone zone) {
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      if (!AllowList.allows(AllowList.ANALYSED_NODES, p.getClass())) {
        throw refused(describeNode(p));
      }
      if (p instanceof DataSourceV2Relation r) {
        checkRelation(r, catalog, zone);
      } else if (p instanceof Range range && range.numElements().$greater(scala.math.BigInt.apply(MAX_RANGE))) {
        throw refused("range() of more than " + MAX_RANGE + " rows");
      }
      scala.collection.Iterator<Expression> exprs = p.expressions().iterator();
      while (exprs.hasNext()) {
        checkAnalysedExpression(exprs.next());
      }
      pushChildren(p, todo);
    }
  }

  private static void checkRelation(DataSourceV2Relation r, String catalog, Zone zone) {
    String name = r.identifier().isDefined() ? r.identifier().get().name() : "a relation";
    boolean ours = r.catalog().isDefined() && r.catalog().get().name().equals(catalog);
    if (!ours || !(r.table() instanceof SparkTable table) || r.identifier().get().namespace().length != 0
        || !zone.holds(name)) {
      throw refused(name + " is not a published table");
    }
    if (!(table.table() instanceof org.apache.iceberg.BaseTable)) {
      throw refused("the Iceberg metadata table " + table.name() + "; only the published rows can be read");
    }
    if (table.branch() != null || table.snapshotId() == null || !zone.readable(name).contains(table.snapshotId())) {
      throw refused(name + " at a state that is not " + zone.label() + " or a release");
    }
    if (!table.table().location().startsWith(zone.location())) {
      throw refused(name + " lies outside the published tables");
    }
    scala.collection.Iterator<AttributeReference> out = r.output().iterator();
    while (out.hasNext()) {
      AttributeReference a = out.next();
      if (a.metadata().contains("__metadata_col")) {
        throw refused("the metadata column " + a.name());
      }
    }
  }

  private static void checkAnalysedExpression(Expression e) {
    Deque<Expression> todo = new ArrayDeque<>();
    todo.push(e);
    while (!todo.isEmpty()) {
      Expression x = todo.pop();
      if (!AllowList.allows(AllowList.EXPRESSIONS, x.getClass())) {
        throw refused(x.prettyName() + " (" + x.getClass().getSimpleName() + ") is not on the allow-list");
      }
      if (x instanceof AttributeReference a && a.metadata().contains("__metadata_col")) {
        throw refused("the metadata column " + a.name());
      }
      scala.collection.Iterator<Expression> children = x.children().iterator();
      while (children.hasNext()) {
        todo.push(children.next());
      }
    }
  }

  // ---- messages ---------------------------------------------------------------------------

  private static String describeNode(LogicalPlan p) {
    String kind = p.getClass().getSimpleName();
    if (p instanceof org.apache.spark.sql.catalyst.plans.logical.Command || kind.endsWith("Command")
        || kind.endsWith("Statement")) {
      // SetCommand -> SET, AddJarsCommand -> ADD JARS, DropTable -> DROP TABLE
      String words = kind.replaceAll("(Command|Statement)$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
          .toUpperCase(Locale.ROOT);
      return words + " is a command; only queries (SELECT, WITH, VALUES) run here";
    }
    if (kind.equals("UnresolvedHint") || kind.equals("ResolvedHint")) {
      return "query hints";
    }
    if (kind.equals("PlanWithUnresolvedIdentifier")) {
      return "IDENTIFIER(...) table names; name published tables alone";
    }
    return kind + " is not on the allow-list of query operations";
  }

  private static PipelineException refused(String what) {
    return new PipelineException(ErrorCode.PRIVACY_GUARD, "refused: " + what);
  }

  /** A refusal raised inside Spark's analysis (by the zone's catalog), or the query's own error. */
  private static PipelineException refusalOrError(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PipelineException pe) {
        return pe;
      }
    }
    if (e instanceof org.apache.spark.sql.AnalysisException a) {
      return new PipelineException(ErrorCode.CONFIG_INVALID, "the query cannot run: " + firstLine(a.getSimpleMessage()));
    }
    return new PipelineException(ErrorCode.CONFIG_INVALID, "the query cannot run: " + e.getClass().getSimpleName());
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
