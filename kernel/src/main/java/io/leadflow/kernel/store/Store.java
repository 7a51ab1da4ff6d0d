package io.leadflow.kernel.store;

import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/**
 * MyBatis over the pool. Features register their mapper interfaces and run short units of work;
 * each call is one transaction, committed when the function returns and rolled back if it throws.
 */
public final class Store {
    private final SqlSessionFactory sessions;

    public Store(DataSource dataSource) {
        Configuration configuration = new Configuration(
                new Environment("leadflow", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.setDefaultStatementTimeout(30);
        configuration.getTypeHandlerRegistry().register(java.util.UUID.class, UuidTypeHandler.class);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
    }

    /** Makes a feature's mapper interface (annotated SQL, {@code #{}} parameters only) usable. */
    public Store register(Class<?> mapper) {
        if (!sessions.getConfiguration().hasMapper(mapper)) {
            sessions.getConfiguration().addMapper(mapper);
        }
        return this;
    }

    /** Runs {@code work} in one transaction against one mapper. */
    public <M, R> R inTransaction(Class<M> mapper, Function<M, R> work) {
        return inTransaction(session -> work.apply(session.getMapper(mapper)));
    }

    /** Runs {@code work} in one transaction that may use several mappers. */
    public <R> R inTransaction(Function<SqlSession, R> work) {
        try (SqlSession session = sessions.openSession(false)) {
            R result = work.apply(session);
            session.commit(true);
            return result;
        }
    }
}
