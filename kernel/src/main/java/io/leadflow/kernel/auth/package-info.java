/** Users, roles, password login, bearer tokens and the authentication filter. */
package io.leadflow.kernel.auth;
