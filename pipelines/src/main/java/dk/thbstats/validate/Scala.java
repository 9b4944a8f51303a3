package dk.thbstats.validate;

import java.util.List;
import java.util.Map;
import scala.Option;
import scala.Predef;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/** Java-to-Scala conversions for the Deequ facade; Scala types never leave this package. */
final class Scala {
  private Scala() {}

  static <T> Seq<T> seq(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toSeq();
  }

  static <T> List<T> list(Seq<T> seq) {
    return JavaConverters.seqAsJavaList(seq);
  }

  static <T> Option<T> none() {
    return Option.empty();
  }

  static <T> Option<T> some(T value) {
    return Option.apply(value);
  }

  static <T> scala.collection.immutable.List<T> emptyList() {
    return scala.collection.immutable.List$.MODULE$.empty();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V> scala.collection.immutable.Map<K, V> map(Map<K, V> map) {
    return (scala.collection.immutable.Map<K, V>) JavaConverters.mapAsScalaMapConverter(map).asScala()
        .toMap((Predef.$less$colon$less) Predef.$conforms());
  }

  static <K, V> Map<K, V> javaMap(scala.collection.Map<K, V> map) {
    return JavaConverters.mapAsJavaMap(map);
  }

  static <A, B> Tuple2<A, B> pair(A a, B b) {
    return new Tuple2<>(a, b);
  }
}
